import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileError, dockerInstructions, parseDockerfile, substitute } from './dockerfile.js';

test('FROM with global ARG defaults, --platform and continuation lines', () => {
  const text = [
    '# escape=\\',
    'ARG REGISTRY=ceruleanprivate.azurecr.io',
    'ARG TAG',
    'FROM --platform=linux/amd64 ${REGISTRY}/pytorch/pytorch:${TAG:-latest} AS base',
    '# a comment',
    'RUN apt-get update && \\',
    '    apt-get install -y curl',
    '',
    'ENV A=1',
  ].join('\n');
  const p = parseDockerfile(text);
  assert.equal(p.baseImage, 'ceruleanprivate.azurecr.io/pytorch/pytorch:latest');
  assert.equal(p.stages[0].name, 'base');
  assert.equal(p.stages[0].platform, 'linux/amd64');
  assert.deepEqual(
    p.finalInstructions.map((i) => [i.keyword, i.args, i.line]),
    [
      ['RUN', 'apt-get update && apt-get install -y curl', 6],
      ['ENV', 'A=1', 9],
    ],
  );
  assert.equal(parseDockerfile(text, { TAG: '2.1' }).baseImage, 'ceruleanprivate.azurecr.io/pytorch/pytorch:2.1');
});

test('multi-stage: the final stage follows FROM <stage> back to its image', () => {
  const p = parseDockerfile('FROM golang:1.22 AS build\nRUN go build\nFROM myacr00001.azurecr.io/base:1 AS runtime\nCOPY x /x\nFROM runtime\nCMD ["run"]\n');
  assert.equal(p.baseImage, 'myacr00001.azurecr.io/base:1');
  assert.deepEqual(p.finalInstructions.map((i) => i.keyword), ['COPY', 'CMD']);
});

test('errors name the line: unknown instruction, instruction before FROM, no FROM, scratch', () => {
  assert.throws(() => parseDockerfile('FROM a\nFOO bar\n'), (e: unknown) => e instanceof DockerfileError && e.message === 'dockerfile parse error line 2: unknown instruction: FOO');
  assert.throws(() => parseDockerfile('RUN x\nFROM a\n'), /line 1: no build stage in current context/);
  assert.throws(() => parseDockerfile('# only a comment\n'), /no FROM instruction/);
  assert.throws(() => parseDockerfile('FROM scratch\n'), /line 1: FROM scratch is not supported/);
  assert.throws(() => parseDockerfile('FROM a b\n'), /line 1: FROM requires either one or three arguments/);
});

test('backtick escape directive and CRLF line ends', () => {
  const ins = dockerInstructions('# escape=`\r\nFROM a\r\nRUN one `\r\n  two\r\n');
  assert.deepEqual(ins.map((i) => i.args), ['a', 'one two']);
});

test('variable substitution forms', () => {
  const vars = new Map([['A', 'x']]);
  assert.equal(substitute('$A-${A}-${B:-d}-${A:+alt}-${B:+alt}-${B}', vars), 'x-x-d-alt--');
});
