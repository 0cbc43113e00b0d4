import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, ManifestError, OCI_INDEX, OCI_MANIFEST, mediaTypeOf, validateManifest } from './manifest-validation.js';

const d = (c: string) => 'sha256:' + c.repeat(64);
const image = (extra: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: OCI_MANIFEST,
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: d('a'), size: 10 },
  layers: [
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d('b'), size: 20 },
    { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: d('b'), size: 20 },
    { mediaType: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', digest: d('c'), size: 5, urls: ['https://x'] },
  ],
  ...extra,
});
const buf = (v: unknown) => Buffer.from(JSON.stringify(v));
function kind(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof ManifestError ? e.kind : 'other';
  }
}

test('OCI image manifest: referenced blobs (deduplicated, foreign layers skipped), subject, artifact type', () => {
  const v = validateManifest(buf(image({ subject: { mediaType: OCI_MANIFEST, digest: d('e'), size: 1 }, annotations: { a: 'b' } })), `${OCI_MANIFEST}; charset=utf-8`);
  assert.equal(v.mediaType, OCI_MANIFEST);
  assert.deepEqual(v.blobs, [d('a'), d('b')]);
  assert.deepEqual(v.manifests, []);
  assert.equal(v.subject, d('e'));
  assert.equal(v.artifactType, 'application/vnd.oci.image.config.v1+json');
  assert.deepEqual(v.annotations, { a: 'b' });
});

test('media type: from Content-Type, else from the body, else inferred; a mismatch or schema 1 is refused', () => {
  const { mediaType: _m, ...noType } = image();
  assert.equal(validateManifest(buf(noType), undefined).mediaType, OCI_MANIFEST);
  assert.equal(validateManifest(buf({ ...image(), mediaType: DOCKER_MANIFEST }), 'application/json').mediaType, DOCKER_MANIFEST);
  assert.equal(kind(() => validateManifest(buf(image()), DOCKER_MANIFEST)), 'invalid');
  assert.equal(kind(() => validateManifest(buf({ schemaVersion: 1 }), 'application/vnd.docker.distribution.manifest.v1+prettyjws')), 'unsupported');
  assert.equal(kind(() => validateManifest(buf(noType), 'text/plain')), 'unsupported');
  assert.equal(mediaTypeOf(' Application/JSON ; q=1'), 'application/json');
});

test('index and manifest list: children are manifests; structural errors are invalid', () => {
  const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: d('f'), size: 3, platform: { os: 'linux' } }] };
  assert.deepEqual(validateManifest(buf(index), OCI_INDEX).manifests, [d('f')]);
  assert.deepEqual(validateManifest(buf({ ...index, mediaType: DOCKER_MANIFEST_LIST }), DOCKER_MANIFEST_LIST).blobs, []);
  assert.equal(kind(() => validateManifest(Buffer.from('{not json'), OCI_MANIFEST)), 'invalid');
  assert.equal(kind(() => validateManifest(buf({ ...image(), schemaVersion: 3 }), OCI_MANIFEST)), 'invalid');
  assert.equal(kind(() => validateManifest(buf({ ...image(), config: { mediaType: 'x', digest: 'sha256:zz', size: 1 } }), OCI_MANIFEST)), 'invalid');
  assert.equal(kind(() => validateManifest(buf({ ...image(), config: { mediaType: 'x', digest: d('a'), size: -1 } }), OCI_MANIFEST)), 'invalid');
  assert.equal(kind(() => validateManifest(buf({ schemaVersion: 2, mediaType: OCI_INDEX }), OCI_INDEX)), 'invalid');
  assert.equal(kind(() => validateManifest(buf({ ...image(), annotations: { a: 1 } }), OCI_MANIFEST)), 'invalid');
});
