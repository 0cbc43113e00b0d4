import type { Area } from '../area.js';

export const computeArea: Area = {
  nav: [{ label: 'Compute', href: '/compute', order: 30 }],
  routes: [],
};
