import type { Area } from '../area.js';

export const identitiesArea: Area = {
  nav: [{ label: 'Managed identities', href: '/identities', order: 40 }],
  routes: [],
};
