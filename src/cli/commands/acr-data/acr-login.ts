/** `az acr login --name <registry> [--expose-token]`. Without Docker, only `--expose-token` can succeed. */
import type { CommandSpec } from '../../command-spec.js';
import { CliError } from '../../errors.js';
import { EMPTY_GUID, registryCredentials } from './registry-credentials.js';

export const registryNameOption = {
  dest: 'name',
  names: ['--name', '-n'],
  required: true,
  help: 'The name of the container registry. It should be specified in lower case. You can configure the default registry name using `az configure --defaults acr=<registry name>`',
  configDefault: 'acr',
};

export const acrLoginCommand: CommandSpec = {
  path: ['acr', 'login'],
  summary: 'Log in to an Azure Container Registry through the Docker CLI.',
  options: [
    registryNameOption,
    { dest: 'resourceGroup', names: ['--resource-group', '-g'], help: 'Name of resource group.' },
    { dest: 'suffix', names: ['--suffix'], help: 'The tenant suffix in registry login server.' },
    { dest: 'username', names: ['--username', '-u'], help: 'The username used to log into a container registry.' },
    { dest: 'password', names: ['--password', '-p'], help: 'The password used to log into a container registry.' },
    { dest: 'exposeToken', names: ['--expose-token', '-t'], kind: 'flag', help: 'Expose access token instead of automatically logging in through Docker CLI' },
  ],
  async run(ctx, args) {
    const name = args.str('name')!;
    if (!args.flag('exposeToken')) {
      ctx.warn(`You may want to use 'az acr login -n ${name} --expose-token' to get an access token, which does not require Docker to be installed.`);
      throw new CliError('An error occurred: DOCKER_COMMAND_ERROR\nPlease verify if Docker client is installed and running.');
    }
    if (args.str('username') || args.str('password')) throw new CliError('`--expose-token` cannot be combined with `--username` or `--password`.');
    const creds = await registryCredentials(ctx, name);
    ctx.warn(`You can perform manual login using the provided access token below, for example: 'docker login loginServer -u ${EMPTY_GUID} -p accessToken'`);
    return { loginServer: creds.loginServer, accessToken: creds.password };
  },
};
