import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiError } from '../../../shared/errors.js';
import type { BlobRecord, BlockRecord } from '../blob-records.js';
import { parseBlockList } from '../blob-xml.js';
import { planBlockList, validateBlockId } from './blocks.js';

const id = (s: string) => Buffer.from(s).toString('base64');
const staged = (blockId: string, size: number, fileId: string): BlockRecord => ({ account: 'a', container: 'c', blob: 'b', blockId, size, fileId, createdAt: 0 });
const errCode = (fn: () => unknown) => {
  try {
    fn();
    return 'none';
  } catch (e) {
    return (e as ApiError).code;
  }
};

test('block list XML: Latest/Committed/Uncommitted in order, entities decoded, junk refused', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<BlockList>\n <Latest>${id('b1')}</Latest><Committed>${id('b0')}</Committed>\n<Uncommitted>QUJD&#x3D;</Uncommitted></BlockList>`;
  assert.deepEqual(parseBlockList(xml), [
    { kind: 'Latest', id: id('b1') },
    { kind: 'Committed', id: id('b0') },
    { kind: 'Uncommitted', id: 'QUJD=' },
  ]);
  assert.deepEqual(parseBlockList('<BlockList />'), []);
  assert.equal(errCode(() => parseBlockList('<Blocks><Latest>x</Latest></Blocks>')), 'InvalidXmlDocument');
  assert.equal(errCode(() => parseBlockList('<BlockList><Other>x</Other></BlockList>')), 'InvalidXmlDocument');
});

test('planning a commit: staged blocks, committed blocks at their offsets in the current blob, unknown ids refused', () => {
  const existing = { fileId: 'f'.repeat(32), blocks: [{ id: id('b0'), size: 10 }, { id: id('b1'), size: 5 }] } as BlobRecord;
  const s = [staged(id('b1'), 7, '1'.repeat(32)), staged(id('b2'), 3, '2'.repeat(32))];
  const plan = planBlockList(
    [
      { kind: 'Committed', id: id('b1') },
      { kind: 'Latest', id: id('b1') },
      { kind: 'Uncommitted', id: id('b2') },
      { kind: 'Latest', id: id('b0') },
    ],
    s,
    existing,
  );
  assert.deepEqual(
    plan.map((p) => [p.part.fileId[0], p.part.offset, p.part.length]),
    [
      ['f', 10, 5],
      ['1', 0, 7],
      ['2', 0, 3],
      ['f', 0, 10],
    ],
  );
  assert.equal(errCode(() => planBlockList([{ kind: 'Uncommitted', id: id('b0') }], s, existing)), 'InvalidBlockList');
  assert.equal(errCode(() => planBlockList([{ kind: 'Committed', id: id('b2') }], s, existing)), 'InvalidBlockList');
  assert.equal(errCode(() => planBlockList([{ kind: 'Latest', id: id('zz') }], s, undefined)), 'InvalidBlockList');
});

test('block ids must be base64 of 1-64 bytes', () => {
  assert.equal(validateBlockId(id('block-000001')), id('block-000001'));
  assert.equal(errCode(() => validateBlockId('not base64!')), 'InvalidQueryParameterValue');
  assert.equal(errCode(() => validateBlockId('QUJD')), 'none');
  assert.equal(errCode(() => validateBlockId('QUJ')), 'InvalidQueryParameterValue');
  assert.equal(errCode(() => validateBlockId(Buffer.alloc(65).toString('base64'))), 'InvalidQueryParameterValue');
  assert.equal(errCode(() => validateBlockId(null)), 'MissingRequiredQueryParameter');
});
