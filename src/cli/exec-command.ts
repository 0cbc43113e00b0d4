/**
 * `cerulean exec [--identity <UAI resource id or client id>]… [--imds] -- <command> [args…]`: runs a local
 * command as a workload of the running platform, holding those identities. The CLI is a pure HTTP client:
 * it authenticates with the signed-in account's ARM token, upgrades `POST /providers/Cerulean.Runtime/exec`
 * on the platform's runtime endpoint to `cerulean-exec`, sends the command, working directory and
 * environment, then streams stdin/stdout/stderr and signals, and returns the workload's exit status.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as osConstants } from 'node:os';
import { dataHome, type RuntimeInfo } from '../shared/data-home.js';
import {
  EXEC_PATH,
  EXEC_UPGRADE_PROTOCOL,
  FrameDecoder,
  FrameType,
  encodeFrame,
  encodeJsonFrame,
  exitStatus,
  parseJsonPayload,
  type ExecExit,
} from '../runtime/exec-frames.js';
import { defaultIo } from './cli-io.js';
import { CliError, UsageError, formatCliError } from './errors.js';
import { armError } from './http/service-errors.js';
import { loadRuntimeInfo } from './runtime-info.js';
import { Session } from './session.js';
import { ARM_SCOPE } from './auth/scopes.js';

export interface ExecIo {
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Working directory of the workload (default: process.cwd()). */
  cwd?: string;
}

export interface ExecArgs {
  identities: string[];
  imds: boolean;
  command: string[];
}

export const EXEC_USAGE = `Usage: cerulean exec [--identity <user-assigned identity resource id or client id>]... [--imds] -- <command> [args...]

Runs <command> as a Cerulean workload holding the given identities (you need the
'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' permission on each, e.g. Managed Identity Operator).
The workload sees MSI_ENDPOINT / MSI_SECRET / DEFAULT_IDENTITY_CLIENT_ID like an Azure ML compute instance
(with --imds instead: only IMDS at http://169.254.169.254 through the proxy), the proxy and CA variables,
and its own HOME, TMPDIR and AZURE_CONFIG_DIR.
`;

export function parseExecArgs(argv: string[]): ExecArgs | 'help' {
  const out: ExecArgs = { identities: [], imds: false, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.command = argv.slice(i + 1);
      break;
    }
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--imds') {
      out.imds = true;
      continue;
    }
    if (a === '--identity' || a === '--identities') {
      const v = argv[++i];
      if (v === undefined || v === '') throw new UsageError(`argument --identity: expected one argument`);
      out.identities.push(v);
      continue;
    }
    if (a.startsWith('--identity=')) {
      out.identities.push(a.slice('--identity='.length));
      continue;
    }
    if (a.startsWith('-')) throw new UsageError(`unrecognized arguments: ${a}`);
    out.command = argv.slice(i);
    break;
  }
  if (out.command.length === 0) throw new UsageError('the following arguments are required: <command>');
  return out;
}

export interface ExecOptions {
  /** The runtime endpoint, `https://127.0.0.1:<port>`. */
  url: string;
  /** PEM of the CA the endpoint's certificate chains to. */
  ca: string;
  /** ARM access token of the caller. */
  token: string;
  identities: string[];
  imds: boolean;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Forward SIGINT/SIGTERM/SIGHUP received by this process to the workload (default true). */
  forwardSignals?: boolean;
}

/**
 * Runs one command over one exec connection; resolves with the workload's exit status. Throws a CliError (ARM's error printed
 * the az way) when the platform refuses the request.
 */
export function execOverUpgrade(o: ExecOptions): Promise<number> {
  const target = new URL(EXEC_PATH, o.url);
  for (const id of o.identities) target.searchParams.append('identity', id);
  if (o.imds) target.searchParams.set('imds', 'true');
  return new Promise<number>((resolve, reject) => {
    const req = https.request(target, {
      method: 'POST',
      ca: o.ca,
      agent: false,
      headers: { authorization: `Bearer ${o.token}`, connection: 'Upgrade', upgrade: EXEC_UPGRADE_PROTOCOL },
    });
    req.on('error', (e) => reject(new CliError(`Cannot reach Cerulean's runtime at ${o.url}: ${e.message}`)));
    req.on('response', (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        reject(armError({ status: res.statusCode ?? 500, headers, text }));
      });
    });
    req.on('upgrade', (_res, socket: Duplex, head: Buffer) => {
      stream(o, socket, head).then(resolve, reject);
    });
    req.end();
  });
}

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function stream(o: ExecOptions, socket: Duplex, head: Buffer): Promise<number> {
  return new Promise<number>((resolve) => {
    let exit: ExecExit | undefined;
    const decoder = new FrameDecoder();
    const send = (frame: Buffer) => {
      if (socket.writable) socket.write(frame);
    };
    const onStdin = (d: Buffer | string) => send(encodeFrame(FrameType.Stdin, typeof d === 'string' ? Buffer.from(d) : d));
    const onStdinEnd = () => send(encodeFrame(FrameType.StdinEof));
    const onSignal = (sig: NodeJS.Signals) => send(encodeFrame(FrameType.Signal, sig));
    const forward = o.forwardSignals ?? true;
    const finish = (code: number) => {
      o.stdin.removeListener('data', onStdin);
      o.stdin.removeListener('end', onStdinEnd);
      o.stdin.pause();
      if (forward) for (const s of FORWARDED) process.removeListener(s, onSignal);
      socket.destroy();
      resolve(code);
    };
    const onData = (chunk: Buffer) => {
      let frames;
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        o.stderr.write(`cerulean exec: ${(e as Error).message}\n`);
        finish(1);
        return;
      }
      for (const f of frames) {
        if (f.type === FrameType.Stdout) o.stdout.write(f.payload);
        else if (f.type === FrameType.Stderr) o.stderr.write(f.payload);
        else if (f.type === FrameType.Error) o.stderr.write(`cerulean exec: ${parseJsonPayload<{ message: string }>(f).message}\n`);
        else if (f.type === FrameType.Exit) {
          exit = parseJsonPayload<ExecExit>(f);
          finish(exitStatus(exit, osConstants.signals as Record<string, number>));
          return;
        }
      }
    };
    socket.on('data', onData);
    socket.on('error', () => {});
    socket.on('close', () => {
      if (exit) return;
      o.stderr.write('cerulean exec: the connection to the platform closed before the workload exited.\n');
      finish(1);
    });
    send(encodeJsonFrame(FrameType.Start, { argv: o.argv, cwd: o.cwd, env: o.env }));
    if (head.length > 0) onData(head);
    o.stdin.on('data', onStdin);
    o.stdin.on('end', onStdinEnd);
    o.stdin.resume();
    if (forward) for (const s of FORWARDED) process.on(s, onSignal);
  });
}

export interface ExecDeps {
  /** ARM token of the caller (default: the signed-in account of the CLI profile, admin on first use). */
  armToken?: (home: string, runtime: RuntimeInfo) => Promise<string>;
}

const quietLog = { debug() {}, info() {}, warn() {} };

async function profileToken(home: string, env: Record<string, string | undefined>): Promise<string> {
  const cli = Session.create(home, { ...defaultIo(), env }, quietLog);
  return cli.token(ARM_SCOPE);
}

export async function runExecCommand(argv: string[], io: ExecIo, deps: ExecDeps = {}): Promise<number> {
  try {
    const parsed = parseExecArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(EXEC_USAGE);
      return 0;
    }
    const home = dataHome(io.env.CERULEAN_HOME || undefined);
    const runtime = loadRuntimeInfo(home);
    const url = runtime.direct?.runtime;
    if (!url) throw new CliError('This Cerulean platform serves no runtime endpoint (runtime.json has no direct.runtime URL); restart it with a version that supports `cerulean exec`.');
    let ca: string;
    try {
      ca = readFileSync(runtime.caCert, 'utf8');
    } catch {
      throw new CliError(`Cerulean's CA certificate ${runtime.caCert} is missing. Start it with \`cerulean start\`.`);
    }
    const token = deps.armToken ? await deps.armToken(home, runtime) : await profileToken(home, io.env);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') env[k] = v;
    return await execOverUpgrade({
      url,
      ca,
      token,
      identities: parsed.identities,
      imds: parsed.imds,
      argv: parsed.command,
      cwd: io.cwd ?? process.cwd(),
      env,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
    });
  } catch (err) {
    const { text, exitCode } = formatCliError(err);
    io.stderr.write(text);
    return exitCode;
  }
}
