import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImageReferenceError, formatImageReference, parseImageReference, referenceOf, targetHost } from './image-reference.js';

test('registry host, repository, tag and digest', () => {
  const r = parseImageReference('CeruleanPriv01.azurecr.io/pytorch/pytorch:latest');
  assert.deepEqual([r.host, r.repository, r.tag, r.digest], ['ceruleanpriv01.azurecr.io', 'pytorch/pytorch', 'latest', undefined]);
  const d = parseImageReference(`localhost:5000/a/b@sha256:${'a'.repeat(64)}`);
  assert.equal(d.host, 'localhost:5000');
  assert.equal(referenceOf(d), `sha256:${'a'.repeat(64)}`);
  assert.equal(formatImageReference(d), `localhost:5000/a/b@sha256:${'a'.repeat(64)}`);
});

test('Docker Hub defaults and latest', () => {
  const r = parseImageReference('ubuntu');
  assert.deepEqual([r.host, r.repository, referenceOf(r)], ['docker.io', 'library/ubuntu', 'latest']);
  assert.equal(parseImageReference('mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest').host, 'mcr.microsoft.com');
});

test('invalid references are refused with the reason', () => {
  assert.throws(() => parseImageReference('x.azurecr.io/Upper/repo:1'), ImageReferenceError);
  assert.throws(() => parseImageReference('x.azurecr.io/repo:bad tag'), /invalid tag/);
  assert.throws(() => parseImageReference(''), /empty/);
});

test('connection targets reduce to their host', () => {
  assert.equal(targetHost('https://Priv01.azurecr.io/'), 'priv01.azurecr.io');
  assert.equal(targetHost('priv01.azurecr.io'), 'priv01.azurecr.io');
  assert.equal(targetHost('https://test-feed.com'), 'test-feed.com');
});
