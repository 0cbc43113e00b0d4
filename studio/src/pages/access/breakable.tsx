/** Long ids and actions with line-break opportunities after each `/` (no mid-word breaks in narrow columns). */
import type { ComponentChildren } from 'preact';

export function Breakable(props: { text: string }): ComponentChildren {
  const parts = props.text.split('/');
  return parts.map((p, i) => (i < parts.length - 1 ? [p, '/', <wbr />] : p));
}
