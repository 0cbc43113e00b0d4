/** Renders a command's result: resourceGroup transform, --query, then the output format. */
import type { OutputFormat } from '../parse/global-options.js';
import { formatJson } from './json-format.js';
import { applyQuery } from './query.js';
import { addResourceGroup } from './resource-group-transform.js';
import { formatTable } from './table-format.js';
import { formatTsv } from './tsv-format.js';
import { formatYaml } from './yaml-format.js';

export interface PrintOptions {
  output: OutputFormat;
  query?: string;
  tableTransform?: (result: unknown) => unknown;
}

/** Returns the text to write to stdout ('' for nothing). */
export function renderResult(result: unknown, opts: PrintOptions): string {
  if (result === undefined) return '';
  addResourceGroup(result);
  const q = applyQuery(result, opts.query);
  if (q.result === null || q.result === undefined) return '';
  switch (opts.output) {
    case 'none':
      return '';
    case 'tsv':
      return formatTsv(q.result, q.isOrdered);
    case 'table': {
      const useTransform = opts.tableTransform && !q.queryActive;
      const data = useTransform ? opts.tableTransform!(q.result) : q.result;
      return formatTable(data, !q.queryActive && !opts.tableTransform);
    }
    case 'yaml':
    case 'yamlc':
      return formatYaml(q.result);
    default:
      return formatJson(q.result);
  }
}
