/**
 * `cerulean compute exec <name> [-w ws] [-g rg] -- <command> [args…]` and `cerulean compute shell <name> …`: runs a
 * command (or a shell reading this terminal's stdin) inside an Azure ML compute instance of the running platform, as
 * a process of the instance: it holds the instance's identity (MSI_ENDPOINT, MSI_SECRET, DEFAULT_IDENTITY_CLIENT_ID,
 * APPSETTING_WEBSITE_SITE_NAME=AMLComputeInstance), the proxy and CA variables, and HOME is the instance's home.
 * The CLI finds the instance's node with `POST …/computes/{name}/listNodes` (as Azure reports a node's address and
 * port) and speaks `cerulean exec`'s upgrade protocol to it with the signed-in account's ARM token.
 */
import { readFileSync } from 'node:fs';
import { dataHome, dataPaths } from '../shared/data-home.js';
import { defaultIo, type CliIo } from './cli-io.js';
import { CliError, UsageError, formatCliError } from './errors.js';
import { execOverUpgrade, type ExecIo } from './exec-command.js';
import { loadRuntimeInfo } from './runtime-info.js';
import { Session } from './session.js';
import { ARM_SCOPE } from './auth/scopes.js';
import { ConfigStore } from './profile/config-store.js';
import { workspacePathOf, ML_API_VERSION } from './commands/ml/ml-scope.js';

export const COMPUTE_USAGE = `Usage: cerulean compute exec <name> [--workspace-name/-w WS] [--resource-group/-g RG] [--subscription SUB] -- <command> [args...]
       cerulean compute shell <name> [--workspace-name/-w WS] [--resource-group/-g RG] [--subscription SUB]

Runs <command> (or a shell reading stdin) inside the Azure ML compute instance <name>, as a process holding the
instance's managed identity: MSI_ENDPOINT, MSI_SECRET, DEFAULT_IDENTITY_CLIENT_ID and
APPSETTING_WEBSITE_SITE_NAME=AMLComputeInstance are set as on Azure, HOME is the instance's home folder.
-w / -g default to \`az configure --defaults workspace=<ws> group=<rg>\`. You need
'Microsoft.MachineLearningServices/workspaces/computes/applicationaccess/action' on the compute
(e.g. AzureML Data Scientist or AzureML Compute Operator), and the instance must be running.
`;

/** Variables a compute instance takes from the caller; the rest of the caller's environment stays on this side. */
const PASSED = /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TERM|TZ|COLUMNS|LINES)$/;

export interface ComputeArgs {
  mode: 'exec' | 'shell';
  name: string;
  workspace?: string;
  resourceGroup?: string;
  subscription?: string;
  command: string[];
}

export function parseComputeArgs(argv: string[]): ComputeArgs | 'help' {
  const [mode, ...rest] = argv;
  if (mode === undefined || mode === '-h' || mode === '--help') return 'help';
  if (mode !== 'exec' && mode !== 'shell') throw new UsageError(`'${mode}' is not a compute command: use 'cerulean compute exec' or 'cerulean compute shell'.`);
  const out: Partial<ComputeArgs> & { mode: 'exec' | 'shell'; command: string[] } = { mode, command: [] };
  const value = (i: number, opt: string) => {
    const v = rest[i];
    if (v === undefined || v === '' || v.startsWith('-')) throw new UsageError(`argument ${opt}: expected one argument`);
    return v;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      out.command = rest.slice(i + 1);
      break;
    }
    if (a === '-h' || a === '--help') return 'help';
    if (a === '-w' || a === '--workspace-name') out.workspace = value(++i, a);
    else if (a === '-g' || a === '--resource-group') out.resourceGroup = value(++i, a);
    else if (a === '--subscription') out.subscription = value(++i, a);
    else if (a === '-n' || a === '--name') out.name = value(++i, a);
    else if (a.startsWith('-')) throw new UsageError(`unrecognized arguments: ${a}`);
    else if (out.name === undefined) out.name = a;
    else if (mode === 'exec') {
      out.command = rest.slice(i);
      break;
    } else throw new UsageError(`unrecognized arguments: ${a}`);
  }
  if (!out.name) throw new UsageError('the following arguments are required: <name>');
  if (mode === 'exec' && out.command.length === 0) throw new UsageError('the following arguments are required: <command> (after --)');
  if (mode === 'shell' && out.command.length > 0) throw new UsageError("'cerulean compute shell' takes no command; use 'cerulean compute exec <name> -- <command>'.");
  return out as ComputeArgs;
}

interface Node {
  publicIpAddress?: string;
  port?: number;
}

export async function runComputeCommand(argv: string[], io: ExecIo): Promise<number> {
  try {
    const parsed = parseComputeArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(COMPUTE_USAGE);
      return 0;
    }
    const home = dataHome(io.env.CERULEAN_HOME || undefined);
    const config = new ConfigStore(dataPaths(home).cliDir, io.env);
    const workspace = parsed.workspace ?? config.getDefault('workspace');
    const group = parsed.resourceGroup ?? config.getDefault('group');
    if (!workspace) throw new UsageError('the following arguments are required: --workspace-name/-w (or `az configure --defaults workspace=<name>`)');
    if (!group) throw new UsageError('the following arguments are required: --resource-group/-g (or `az configure --defaults group=<name>`)');
    const runtime = loadRuntimeInfo(home);
    const cliIo: CliIo = { ...defaultIo(), env: io.env };
    const session = Session.create(home, cliIo, { debug() {}, info() {}, warn() {} }, parsed.subscription);
    const computePath = `${workspacePathOf(await session.subscriptionId(), group, workspace)}/computes/${encodeURIComponent(parsed.name)}`;
    const arm = session.arm();
    const listed = (await arm.send({ method: 'POST', path: `${computePath}/listNodes`, apiVersion: ML_API_VERSION })).body as { nodes?: Node[] };
    const node = listed?.nodes?.find((n) => n.publicIpAddress && n.port);
    if (!node) {
      const c = (await arm.get(computePath, ML_API_VERSION)) as { properties?: { properties?: { state?: string } } };
      const state = c.properties?.properties?.state ?? 'not running';
      throw new CliError(
        `Compute instance '${parsed.name}' is ${state}; commands run only in a Running instance. Start it with \`cerulean az ml compute start --name ${parsed.name} -w ${workspace} -g ${group}\`.`,
      );
    }
    let ca: string;
    try {
      ca = readFileSync(runtime.caCert, 'utf8');
    } catch {
      throw new CliError(`Cerulean's CA certificate ${runtime.caCert} is missing. Start it with \`cerulean start\`.`);
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string' && PASSED.test(k)) env[k] = v;
    const argvInside = parsed.mode === 'shell' ? ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash -i; else exec /bin/sh -i; fi'] : parsed.command;
    return await execOverUpgrade({
      url: `https://${node.publicIpAddress}:${node.port}`,
      ca,
      token: await session.token(ARM_SCOPE),
      identities: [],
      imds: false,
      argv: argvInside,
      cwd: '/',
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
