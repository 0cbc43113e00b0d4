import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigStore } from '../../profile/config-store.js';
import { applyDefaults, meantDefault } from './configure.js';

const store = () => new ConfigStore(mkdtempSync(join(tmpdir(), 'configure-')), {});

test('gitworkspace= is stored as given, workspace stays unset, and the warning names workspace', () => {
  const c = store();
  const warnings: string[] = [];
  applyDefaults(c, ['gitworkspace=ws1', 'group=rg'], (m) => warnings.push(m));
  assert.equal(c.getDefault('gitworkspace'), 'ws1');
  assert.equal(c.getDefault('workspace'), undefined);
  assert.equal(c.getDefault('group'), 'rg');
  assert.deepEqual(warnings, ["Unknown default 'gitworkspace': no command reads it (stored as given). Did you mean 'workspace'? Write: az configure --defaults workspace=ws1"]);
});

test('known names are stored silently; unrelated unknown names warn without a suggestion', () => {
  const c = store();
  const warnings: string[] = [];
  applyDefaults(c, ['workspace=w', 'location=eastus', 'colour=blue'], (m) => warnings.push(m));
  assert.equal(c.getDefault('workspace'), 'w');
  assert.deepEqual(warnings, ["Unknown default 'colour': no command reads it (stored as given)."]);
});

test('suggestions: extra letters, small typos', () => {
  assert.equal(meantDefault('gitworkspace'), 'workspace');
  assert.equal(meantDefault('grup'), 'group');
  assert.equal(meantDefault('workspaces'), 'workspace');
  assert.equal(meantDefault('subscription'), undefined);
});
