/** What every `az ml` command shares: `-g`/`-w` (configured defaults `group`/`workspace`) and the workspace's ARM path. */
import type { CommandContext } from '../../command-context.js';
import type { OptionSpec } from '../../command-spec.js';
import type { ArmClient } from '../../http/arm-client.js';
import type { ParsedArgs } from '../../parse/parsed-args.js';
import type { Session } from '../../session.js';

export const ML_API_VERSION = '2024-04-01';
export const ML_NAMESPACE = 'Microsoft.MachineLearningServices';

export const mlGroupOption: OptionSpec = {
  dest: 'resourceGroup',
  names: ['--resource-group', '-g'],
  required: true,
  configDefault: 'group',
  help: 'Name of resource group. You can configure the default group using `az configure --defaults group=<name>`.',
};

export const mlWorkspaceOption: OptionSpec = {
  dest: 'workspace',
  names: ['--workspace-name', '-w'],
  required: true,
  configDefault: 'workspace',
  help: 'Name of the Azure ML workspace. You can configure the default workspace using `az configure --defaults workspace=<name>`.',
};

export const mlScopeOptions: OptionSpec[] = [mlGroupOption, mlWorkspaceOption];

export const fileOption: OptionSpec = { dest: 'file', names: ['--file', '-f'], help: 'Local path to the YAML file containing the Azure ML specification.' };
export const setOption: OptionSpec = { dest: 'set', names: ['--set'], kind: 'list', help: 'Update an object by specifying a property path and value to set. Example: --set property1.property2=<value>.' };
export const noWaitOption: OptionSpec = { dest: 'noWait', names: ['--no-wait'], kind: 'flag', help: 'Do not wait for the long-running operation to finish.' };
export const yesOption: OptionSpec = { dest: 'yes', names: ['--yes', '-y'], kind: 'flag', help: 'Do not prompt for confirmation.' };

export interface MlScope {
  session: Session;
  arm: ArmClient;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** `/subscriptions/…/workspaces/<ws>` */
  workspacePath: string;
}

export function workspacePathOf(sub: string, group: string, workspace: string): string {
  return `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(group)}/providers/${ML_NAMESPACE}/workspaces/${encodeURIComponent(workspace)}`;
}

export async function mlScope(ctx: CommandContext, args: ParsedArgs, workspaceDest = 'workspace'): Promise<MlScope> {
  const session = ctx.session();
  const subscriptionId = await session.subscriptionId();
  const resourceGroup = args.str('resourceGroup')!;
  const workspace = args.str(workspaceDest)!;
  return {
    session,
    arm: session.arm(),
    subscriptionId,
    resourceGroup,
    workspace,
    workspacePath: workspacePathOf(subscriptionId, resourceGroup, workspace),
  };
}
