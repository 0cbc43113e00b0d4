/**
 * Everything a command needs to talk to the platform: the runtime (runtime.json), the HTTP client through
 * the proxy, the signed-in account and its tokens, and ARM/Graph clients. Built lazily, once per command.
 */
import { readFileSync } from 'node:fs';
import { dataPaths, type AdminCredentials, type RuntimeInfo } from '../shared/data-home.js';
import { Credentials } from './auth/credentials.js';
import { loginUser, type LoginDeps } from './auth/login-flow.js';
import { ARM_SCOPE, GRAPH_SCOPE } from './auth/scopes.js';
import { TokenCache } from './auth/token-cache.js';
import { TokenClient } from './auth/token-client.js';
import type { CliIo } from './cli-io.js';
import { CliError } from './errors.js';
import { ArmClient } from './http/arm-client.js';
import { GraphClient } from './http/graph-client.js';
import { HttpClient, type Logger } from './http/http-client.js';
import { proxyTransport } from './http/transport.js';
import { ProfileStore, type SubscriptionEntry } from './profile/profile-store.js';
import { loadRuntimeInfo } from './runtime-info.js';

export class Session {
  readonly http: HttpClient;
  readonly tokens: TokenClient;
  readonly credentials: Credentials;
  private readonly subscriptionArg?: string;

  constructor(
    readonly home: string,
    readonly runtime: RuntimeInfo,
    readonly io: CliIo,
    readonly profile: ProfileStore,
    readonly cache: TokenCache,
    log: Logger,
    subscriptionArg?: string,
  ) {
    this.http = new HttpClient(io.transport ?? proxyTransport(runtime, home), log, io.newId);
    this.tokens = new TokenClient(this.http);
    this.credentials = new Credentials({
      tokens: this.tokens,
      cache,
      nowSeconds: () => Math.floor(io.now() / 1000),
      adminPassword: () => this.adminCredentials(),
    });
    this.subscriptionArg = subscriptionArg;
  }

  static create(home: string, io: CliIo, log: Logger, subscriptionArg?: string): Session {
    const paths = dataPaths(home);
    const runtime = loadRuntimeInfo(home);
    return new Session(home, runtime, io, new ProfileStore(paths.cliDir), new TokenCache(paths.cliDir), log, subscriptionArg);
  }

  loginDeps(): LoginDeps {
    return {
      http: this.http,
      tokens: this.tokens,
      cache: this.cache,
      profile: this.profile,
      nowSeconds: () => Math.floor(this.io.now() / 1000),
      sleep: this.io.sleep,
    };
  }

  adminCredentials(): AdminCredentials {
    const path = this.runtime.adminCredentials || dataPaths(this.home).adminCredentials;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as AdminCredentials;
    } catch {
      throw new CliError(`Cannot read Cerulean's admin credentials (${path}).`);
    }
  }

  /** Signs in as the platform's admin (what `az login` with no arguments does here). */
  async loginAsAdmin(allowNoSubscriptions = false): Promise<SubscriptionEntry[]> {
    const admin = this.adminCredentials();
    return loginUser(this.loginDeps(), {
      username: admin.username,
      password: admin.password,
      tenant: admin.tenantId || this.runtime.tenantId,
      admin: true,
      allowNoSubscriptions,
    });
  }

  /** The subscription a command works in: `--subscription`, else the default; signs in as admin on first use. */
  async subscription(): Promise<SubscriptionEntry> {
    if (this.profile.isPristine()) await this.loginAsAdmin(true);
    return this.subscriptionArg ? this.profile.find(this.subscriptionArg) : this.profile.current();
  }

  async token(scope: string, account?: SubscriptionEntry): Promise<string> {
    return (await this.credentials.getToken(account ?? (await this.subscription()), scope)).accessToken;
  }

  arm(): ArmClient {
    return new ArmClient(this.http, () => this.token(ARM_SCOPE), this.io.sleep);
  }

  graph(): GraphClient {
    return new GraphClient(this.http, () => this.token(GRAPH_SCOPE));
  }

  async subscriptionId(): Promise<string> {
    return (await this.subscription()).id;
  }
}
