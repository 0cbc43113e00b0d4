import type { Area } from '../area.js';

export const endpointsArea: Area = {
  nav: [{ label: 'Endpoints', href: '/endpoints', order: 20 }],
  routes: [],
};
