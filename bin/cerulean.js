#!/usr/bin/env node
// Entry point of the `cerulean` command: the compiled CLI in dist/ (built by `npm ci` through `prepare`).
import { main } from '../dist/cli/main.js';
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
