/**
 * Traffic split: an endpoint's `traffic` weights (percentages) become a cumulative table; a pick is one random
 * number and a short scan. Deployments with weight 0 never receive unpinned traffic. `mirrorTraffic` is a separate
 * table: each request is copied to a mirrored deployment with its percentage as probability.
 */
export interface TrafficTable {
  names: string[];
  /** Cumulative weights; the last one is the total. */
  cumulative: number[];
  total: number;
}

export function trafficTable(weights: Record<string, number> | undefined): TrafficTable {
  const names: string[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [name, w] of Object.entries(weights ?? {})) {
    if (!(typeof w === 'number' && w > 0)) continue;
    total += w;
    names.push(name);
    cumulative.push(total);
  }
  return { names, cumulative, total };
}

/** The deployment a request goes to, or undefined when no deployment has a positive weight. */
export function pickDeployment(t: TrafficTable, rand: () => number): string | undefined {
  if (t.total <= 0) return undefined;
  const r = rand() * t.total;
  for (let i = 0; i < t.cumulative.length; i++) if (r < t.cumulative[i]) return t.names[i];
  return t.names[t.names.length - 1];
}

/** The mirrored deployment this request is copied to, if any (each with probability weight/100). */
export function pickMirror(mirror: Record<string, number> | undefined, rand: () => number): string | undefined {
  if (!mirror) return undefined;
  const r = rand() * 100;
  let acc = 0;
  for (const [name, w] of Object.entries(mirror)) {
    if (!(w > 0)) continue;
    acc += w;
    if (r < acc) return name;
  }
  return undefined;
}
