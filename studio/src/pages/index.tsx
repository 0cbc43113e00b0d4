/**
 * The studio's pages. Each area contributes its routes and navigation entries; the first matching route wins.
 */
import type { NavItem, RouteDef } from '../router.js';
import type { Area } from './area.js';
import { HomePage } from './home/home-page.js';
import { workspacesArea } from './workspaces/area.js';
import { endpointsArea } from './endpoints/area.js';
import { computeArea } from './compute/area.js';
import { identitiesArea } from './identities/area.js';
import { storageArea } from './storage/area.js';
import { registriesArea } from './registries/area.js';
import { accessArea } from './access/area.js';
import { denialsArea } from './denials/area.js';

const areas: Area[] = [workspacesArea, endpointsArea, computeArea, identitiesArea, storageArea, registriesArea, accessArea, denialsArea];

export function navItems(): NavItem[] {
  return [{ label: 'Home', href: '/', order: 0 }, ...areas.flatMap((a) => a.nav ?? [])].sort((a, b) => a.order - b.order);
}

export function allRoutes(): RouteDef[] {
  return [{ path: '/', title: 'Home', render: () => <HomePage nav={navItems()} /> }, ...areas.flatMap((a) => a.routes)];
}
