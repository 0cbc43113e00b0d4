// Runs the cerulean CLI from source (tests spawn it with `node --import tsx`).
import { main } from '../../src/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
