import type { NavItem, RouteDef } from '../router.js';

/** One area of the studio: its navigation entries and routes (specific paths before general ones). */
export interface Area {
  nav?: NavItem[];
  routes: RouteDef[];
}
