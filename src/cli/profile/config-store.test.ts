import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyDefaults } from '../commands/config/configure.js';
import { configGet } from '../commands/config/config.js';
import { ConfigStore, parseIni } from './config-store.js';

function store(env: Record<string, string> = {}) {
  const dir = join(mkdtempSync(join(tmpdir(), 'cerulean-cli-')), 'cli');
  return new ConfigStore(dir, env);
}

test('configure --defaults writes an INI [defaults] section (0600) and config get returns az shapes', () => {
  const c = store();
  const warnings: string[] = [];
  applyDefaults(c, ['group=rg', 'workspace=ws', 'location=eastus'], (m) => warnings.push(m));
  assert.deepEqual(warnings, []);
  assert.equal(statSync(c.path).mode & 0o777, 0o600);
  assert.deepEqual([...parseIni(readFileSync(c.path, 'utf8')).get('defaults')!], [['group', 'rg'], ['workspace', 'ws'], ['location', 'eastus']]);
  assert.deepEqual(configGet(c), {
    defaults: [
      { name: 'group', source: c.path, value: 'rg' },
      { name: 'workspace', source: c.path, value: 'ws' },
      { name: 'location', source: c.path, value: 'eastus' },
    ],
  });
  assert.deepEqual(configGet(c, 'defaults.workspace'), { name: 'workspace', source: c.path, value: 'ws' });
  assert.throws(() => configGet(c, 'defaults.nothing'), /Configuration 'defaults.nothing' is not set./);
});

test("empty values clear a default; '' counts as empty", () => {
  const c = store();
  applyDefaults(c, ['group=rg'], () => {});
  applyDefaults(c, ["group=''"], () => {});
  assert.equal(c.getDefault('group'), undefined);
});

test('the docs typo gitworkspace= is stored as given, with a warning naming workspace', () => {
  const c = store();
  const warnings: string[] = [];
  applyDefaults(c, ['gitworkspace=ws1', 'group=rg'], (m) => warnings.push(m));
  assert.equal(c.getDefault('workspace'), undefined);
  assert.equal(c.getDefault('gitworkspace'), 'ws1');
  assert.equal(c.getDefault('group'), 'rg');
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Did you mean 'workspace'/);
});

test('AZURE_DEFAULTS_* environment variables override the file', () => {
  const c = store({ AZURE_DEFAULTS_GROUP: 'from-env' });
  applyDefaults(c, ['group=from-file'], () => {});
  assert.equal(c.getDefault('group'), 'from-env');
  assert.deepEqual(c.items('defaults'), [{ name: 'group', source: 'env: AZURE_DEFAULTS_GROUP', value: 'from-env' }]);
});

test('a pair without = is a usage error', () => {
  assert.throws(() => applyDefaults(store(), ['group'], () => {}), /usage error: --defaults STRING=STRING/);
});
