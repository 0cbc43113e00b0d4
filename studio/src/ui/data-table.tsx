/**
 * A sortable, filterable table. Filter text and sort column live in the URL (prefixed by `name`), so a filtered,
 * sorted list is deep-linkable. Row actions are rendered by the caller (usually a `Link` in the first column).
 */
import type { ComponentChildren } from 'preact';
import { setQueryParam, useLocation } from '../router.js';

export interface Column<T> {
  key: string;
  label: string;
  render?: (row: T) => ComponentChildren;
  /** Value used to sort and filter (default: `row[key]`). */
  value?: (row: T) => string | number | undefined;
}

export interface DataTableProps<T> {
  /** Distinguishes several tables on one page (URL parameters `{name}.q`, `{name}.sort`). */
  name: string;
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  empty?: ComponentChildren;
  /** Extra controls shown beside the filter (e.g. a "New" button). */
  toolbar?: ComponentChildren;
  /** Shows a Refresh button beside the filter that calls this. */
  onRefresh?: () => void;
}

function valueOf<T>(col: Column<T>, row: T): string | number | undefined {
  if (col.value) return col.value(row);
  const v = (row as Record<string, unknown>)[col.key];
  return typeof v === 'number' || typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v);
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { query } = useLocation();
  const qKey = `${props.name}.q`;
  const sKey = `${props.name}.sort`;
  const filter = query.get(qKey) ?? '';
  const sortParam = query.get(sKey) ?? '';
  const desc = sortParam.startsWith('-');
  const sortKey = desc ? sortParam.slice(1) : sortParam;
  const sortCol = props.columns.find((c) => c.key === sortKey);
  let rows = props.rows ?? [];
  if (filter) {
    const f = filter.toLowerCase();
    rows = rows.filter((r) => props.columns.some((c) => String(valueOf(c, r) ?? '').toLowerCase().includes(f)));
  }
  if (sortCol) {
    rows = [...rows].sort((a, b) => {
      const x = valueOf(sortCol, a);
      const y = valueOf(sortCol, b);
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), undefined, { numeric: true });
      return desc ? -cmp : cmp;
    });
  }
  const toggleSort = (key: string) => setQueryParam(sKey, sortKey === key && !desc ? `-${key}` : key);
  const filterId = `${props.name}-filter`;
  return (
    <section class="table-section" aria-label={props.caption}>
      <div class="toolbar">
        <label for={filterId} class="visually-hidden">
          Filter {props.caption.toLowerCase()}
        </label>
        <input id={filterId} type="search" placeholder="Filter" value={filter} onInput={(e) => setQueryParam(qKey, (e.target as HTMLInputElement).value)} />
        {props.onRefresh && (
          <button type="button" onClick={props.onRefresh}>
            Refresh
          </button>
        )}
        {props.toolbar}
      </div>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th scope="col" aria-sort={sortKey === c.key ? (desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" class="sort" onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true">{sortKey === c.key ? (desc ? ' ▾' : ' ▴') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={props.rowKey(r)}>
                {props.columns.map((c) => (
                  <td data-label={c.label}>{c.render ? c.render(r) : String(valueOf(c, r) ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.loading && !props.rows && <p role="status">Loading…</p>}
      {!props.loading && props.rows && rows.length === 0 && <p class="empty">{filter ? 'Nothing matches the filter.' : (props.empty ?? 'Nothing here yet.')}</p>}
      <p class="count" aria-live="polite">
        {props.rows ? `${rows.length} of ${props.rows.length}` : ''}
      </p>
    </section>
  );
}
