/** `-o yaml`: PyYAML safe_dump(default_flow_style=False) — sorted keys, block style, sequences not indented. */
import { stringify } from 'yaml';

export function formatYaml(value: unknown): string {
  return stringify(value ?? null, { sortMapEntries: true, indentSeq: false, singleQuote: true, lineWidth: 0 });
}
