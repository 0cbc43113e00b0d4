/**
 * The image step of a deployment: the environment image is pulled from the workspace registry with the endpoint
 * identity, as the registry's token flow does it — the identity's ARM token is exchanged for a refresh token,
 * the refresh token for an access token scoped `repository:<repo>:pull` (holding only the actions the identity's
 * role assignments at the registry allow), then the manifest is read with that token. A refusal yields the
 * registry's own error text (`DENIED: requested access to the resource is denied`).
 */
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { getRegistry } from '../../registry/arm/registry-records.js';
import { grantAccess, PULL_ACTION, ROLE_FOR_ACTION } from '../../registry/oci/token-scopes.js';
import { ceruleanRegistry } from '../environments/build-access.js';
import { ImageStore } from '../environments/image-store.js';
import { parseImageReference, referenceOf } from '../environments/image-reference.js';

export class ImagePullError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** The registry's error as a container runtime prints it. */
    readonly registryError: string,
  ) {
    super(message);
    this.name = 'ImagePullError';
  }
}

export interface PulledImage {
  image: string;
  digest: string;
  mediaType: string;
}

/** Pulls `image`'s manifest as `principal` (throws ImagePullError with the registry's error); each step goes to `note`. */
export function pullImageManifest(ctx: PlatformContext, image: string, principal: Principal, note: (line: string) => void): PulledImage {
  const ref = parseImageReference(image);
  const registry = ceruleanRegistry(ctx, ref.host);
  if (!registry || !getRegistry(ctx.store, registry.id)) {
    const text = `Get "https://${ref.host}/v2/": dial tcp: lookup ${ref.host}: no such host`;
    throw new ImagePullError(`The registry '${ref.host}' of image '${image}' does not exist.`, 'ImagePullFailed', text);
  }
  const ls = registry.properties.loginServer.toLowerCase();
  const reference = referenceOf(ref);
  note(`Pulling image ${image} with identity ${principal.appId ?? principal.objectId}.`);
  note(`POST https://${ls}/oauth2/exchange (grant_type=access_token, service=${ls}): refresh token issued for principal ${principal.objectId}.`);
  const requested = [{ type: 'repository', name: ref.repository, actions: ['pull'] }];
  const decision = ctx.authz.authorize({ principal, action: PULL_ACTION, dataAction: false, scope: registry.id, plane: 'registry' });
  const granted = grantAccess(requested, (a) => a === PULL_ACTION && decision.allowed);
  const actions = granted.find((g) => g.name === ref.repository)?.actions ?? [];
  note(`POST https://${ls}/oauth2/token (scope=repository:${ref.repository}:pull): access token granted [${actions.join(',')}].`);
  note(`GET https://${ls}/v2/${ref.repository}/manifests/${reference}`);
  if (!actions.includes('pull')) {
    const explanation = `Requires '${ROLE_FOR_ACTION[PULL_ACTION]}' (action '${PULL_ACTION}') at the registry scope ${registry.id}. ${decision.denial?.explanation ?? ''}`.trim();
    const text = `Error response from registry: denied: requested access to the resource is denied (DENIED; ${explanation})`;
    throw new ImagePullError(explanation, 'ImagePullAuthorizationFailed', text);
  }
  const found = new ImageStore(ctx).manifest(ls, ref.repository, reference);
  if ('missing' in found) {
    const text =
      found.missing === 'repository'
        ? `Error response from registry: name unknown: repository name not known to registry (NAME_UNKNOWN; ${ref.repository})`
        : `Error response from registry: manifest unknown: manifest tagged by "${reference}" is not found (MANIFEST_UNKNOWN)`;
    throw new ImagePullError(`The image '${image}' is not in the registry ${ls}.`, 'ImageNotFound', text);
  }
  note(`Pulled manifest ${found.found.digest} (${found.found.mediaType}).`);
  return { image, digest: found.found.digest, mediaType: found.found.mediaType };
}
