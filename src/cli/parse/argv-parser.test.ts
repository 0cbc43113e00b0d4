import { test } from 'node:test';
import assert from 'node:assert/strict';
import { azCommands, azGroups } from '../commands/az-commands.js';
import { UsageError } from '../errors.js';
import { parseOptions, resolveCommand } from './argv-parser.js';

function parse(line: string[], defaults: Record<string, string> = {}) {
  const r = resolveCommand(line, azCommands, azGroups);
  assert.equal(r.kind, 'command');
  if (r.kind !== 'command') throw new Error('unreachable');
  return { path: r.spec.path.join(' '), ...parseOptions(r.rest, r.spec, (k) => defaults[k]) };
}

test('role assignment create as the sample script writes it', () => {
  const p = parse(['role', 'assignment', 'create', '--assignee-object-id', 'abc', '--assignee-principal-type', 'ServicePrincipal', '--role', 'Storage Blob Data Reader', '--scope', '/subscriptions/s/x']);
  assert.equal(p.path, 'role assignment create');
  assert.equal(p.args.str('assigneeObjectId'), 'abc');
  assert.equal(p.args.str('assigneePrincipalType'), 'ServicePrincipal');
  assert.equal(p.args.str('role'), 'Storage Blob Data Reader');
  assert.equal(p.args.str('scope'), '/subscriptions/s/x');
  assert.equal(p.globals.output, 'json');
});

test('global options anywhere, --opt=value, short options and nargs+ lists', () => {
  const p = parse(['group', 'create', '-o', 'tsv', '--name=rg1', '-l', 'eastus', '--tags', 'a=b', 'c', '--query', 'id', '--only-show-errors']);
  assert.equal(p.args.str('name'), 'rg1');
  assert.equal(p.args.str('location'), 'eastus');
  assert.deepEqual(p.args.list('tags'), ['a=b', 'c']);
  assert.equal(p.globals.output, 'tsv');
  assert.equal(p.globals.query, 'id');
  assert.equal(p.globals.onlyShowErrors, true);
});

test('configured defaults fill -g/--location and satisfy required options', () => {
  const p = parse(['group', 'show', '--query', 'location', '-o', 'tsv'], { group: 'rg-default' });
  assert.equal(p.args.str('name'), 'rg-default');
  const c = parse(['group', 'create', '-n', 'x'], { location: 'westus' });
  assert.equal(c.args.str('location'), 'westus');
  const explicit = parse(['group', 'show', '-g', 'other'], { group: 'rg-default' });
  assert.equal(explicit.args.str('name'), 'other');
});

test('role commands do not take the configured group (az role -g has no configured default)', () => {
  const p = parse(['role', 'assignment', 'list', '--scope', '/subscriptions/s'], { group: 'rg-default' });
  assert.equal(p.args.str('resourceGroup'), undefined);
});

test('positional key of config get', () => {
  assert.equal(parse(['config', 'get', 'defaults.group']).args.str('key'), 'defaults.group');
  assert.equal(parse(['config', 'get']).args.str('key'), undefined);
});

test('usage errors carry az wording and exit code 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['group', 'create', '-n', 'x'], /the following arguments are required: --location\/-l/],
    [['group', 'show', '-n', 'x', '--bogus', 'v'], /unrecognized arguments: --bogus v/],
    [['group', 'show', '-n', 'x', '-o', 'xml'], /argument --output\/-o: invalid choice: 'xml'/],
    [['group', 'show', '-n'], /argument --name\/-n\/--resource-group\/-g: expected one argument/],
  ];
  for (const [line, re] of cases) {
    assert.throws(() => parse(line), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && re.test(e.message), line.join(' '));
  }
  assert.throws(() => resolveCommand(['grop', 'list'], azCommands, azGroups), /'grop' is misspelled or not recognized by the system/);
});

test('a group path resolves to help, not a command', () => {
  const r = resolveCommand(['role', 'assignment'], azCommands, azGroups);
  assert.deepEqual(r.kind === 'group' ? r.path : null, ['role', 'assignment']);
});

test('negative numbers are values, not options', () => {
  const p = parse(['rest', '--url', '/x', '--body', '-1']);
  assert.equal(p.args.str('body'), '-1');
});
