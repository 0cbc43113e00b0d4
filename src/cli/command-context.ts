/** Per-invocation context handed to every command handler. */
import { dataHome, dataPaths, type DataPaths } from '../shared/data-home.js';
import type { CliIo } from './cli-io.js';
import { CliError } from './errors.js';
import type { Logger } from './http/http-client.js';
import type { GlobalOptions } from './parse/global-options.js';
import { ConfigStore } from './profile/config-store.js';
import { Session } from './session.js';

export class CommandContext {
  readonly home: string;
  readonly paths: DataPaths;
  readonly config: ConfigStore;
  readonly log: Logger;
  private sessionValue?: Session;

  constructor(
    readonly io: CliIo,
    readonly globals: GlobalOptions,
  ) {
    this.home = dataHome(io.env.CERULEAN_HOME || undefined);
    this.paths = dataPaths(this.home);
    this.config = new ConfigStore(this.paths.cliDir, io.env);
    this.log = {
      debug: (m) => {
        if (globals.debug) io.stderr(`DEBUG: ${m}\n`);
      },
      info: (m) => {
        if (globals.verbose || globals.debug) io.stderr(`INFO: ${m}\n`);
      },
      warn: (m) => {
        if (!globals.onlyShowErrors) io.stderr(`WARNING: ${m}\n`);
      },
    };
  }

  session(): Session {
    this.sessionValue ??= Session.create(this.home, this.io, this.log, this.globals.subscription);
    return this.sessionValue;
  }

  warn(message: string): void {
    this.log.warn(message);
  }

  /** az's prompt_y_n: proceeds with `--yes`, asks on a terminal, refuses otherwise. */
  async confirm(question: string, yes: boolean): Promise<boolean> {
    if (yes) return true;
    if (!this.io.prompt) throw new CliError('Unable to prompt for confirmation as no tty available. Use --yes.');
    const answer = (await this.io.prompt(`${question} (y/n): `))?.trim().toLowerCase();
    return answer === 'y' || answer === 'yes';
  }
}
