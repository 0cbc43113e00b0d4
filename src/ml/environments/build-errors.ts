/**
 * Why an environment image build failed, worded to say what is missing, where, and the command that fixes it.
 * `code` becomes the error code of the operation status (`az ml environment create` prints `(code) message`).
 */
export class BuildFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const buildErrors = {
  noConnection(loginServer: string, workspace: string): BuildFailure {
    return new BuildFailure(
      'ConnectionNotFound',
      `No container registry connection of workspace '${workspace}' has the target '${loginServer}', so the base image cannot be pulled from this private registry. ` +
        `Create one whose target is the registry's login server (type: container_registry, credentials.type: managed_identity with the user-assigned identity's client_id and resource_id): ` +
        `az ml connection create --file <connection.yml> --workspace-name ${workspace}`,
    );
  },
  unknownRegistry(loginServer: string): BuildFailure {
    return new BuildFailure('RegistryNotFound', `The container registry '${loginServer}' does not exist: no Cerulean registry has this login server.`);
  },
  noSystemIdentity(workspaceId: string, uaiId: string): BuildFailure {
    return new BuildFailure(
      'WorkspaceIdentityMissing',
      `The workspace '${workspaceId}' has no system-assigned identity, which image builds need to use the user-assigned identity '${uaiId}'. ` +
        `Enable it: az ml workspace update --identity-type system_assigned,user_assigned ...`,
    );
  },
  uaiNotFound(ref: string, connection: string): BuildFailure {
    return new BuildFailure('IdentityNotFound', `The user-assigned identity '${ref}' named by connection '${connection}' does not exist.`);
  },
  clientIdMismatch(connection: string, clientId: string, uaiId: string, actual: string): BuildFailure {
    return new BuildFailure(
      'IdentityMismatch',
      `Connection '${connection}': credentials.client_id '${clientId}' is not the client id of '${uaiId}' (its client id is '${actual}').`,
    );
  },
  missingOperator(workspacePrincipalId: string, uaiId: string): BuildFailure {
    return new BuildFailure(
      'AuthorizationFailed',
      `The workspace's system-assigned identity (principal id ${workspacePrincipalId}) does not have the 'Managed Identity Operator' role on the user-assigned identity ` +
        `'${uaiId}' (action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' at scope '${uaiId}'), so the image build cannot use that identity. ` +
        `Grant it: az role assignment create --assignee ${workspacePrincipalId} --role "Managed Identity Operator" --scope ${uaiId}`,
    );
  },
  missingAcrPull(who: string, principalId: string, registryId: string): BuildFailure {
    return new BuildFailure(
      'AuthorizationFailed',
      `The ${who} (principal id ${principalId}) does not have the 'AcrPull' role on the container registry '${registryId}' ` +
        `(action 'Microsoft.ContainerRegistry/registries/pull/read' at scope '${registryId}'), so the base image cannot be pulled. ` +
        `Grant it: az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role AcrPull --scope ${registryId}`,
    );
  },
  badPassword(connection: string, loginServer: string): BuildFailure {
    return new BuildFailure(
      'AuthenticationFailed',
      `The username and password of connection '${connection}' were refused by '${loginServer}': the admin user must be enabled and the password one of its current passwords.`,
    );
  },
  unsupportedAuth(connection: string, authType: string): BuildFailure {
    return new BuildFailure('UnsupportedConnection', `Connection '${connection}' uses authType '${authType}'; image builds pull with ManagedIdentity or UsernamePassword connections.`);
  },
  unknownRepository(loginServer: string, repo: string): BuildFailure {
    return new BuildFailure('ManifestUnknown', `The repository '${repo}' does not exist in '${loginServer}'. Push the base image first.`);
  },
  unknownReference(loginServer: string, repo: string, reference: string): BuildFailure {
    return new BuildFailure('ManifestUnknown', `The base image '${loginServer}/${repo}' has no ${reference.includes(':') ? 'manifest' : 'tag'} '${reference}' (manifest unknown).`);
  },
  badBase(detail: string): BuildFailure {
    return new BuildFailure('InvalidBaseImage', `The base image cannot be used: ${detail}`);
  },
};
