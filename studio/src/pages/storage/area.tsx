import type { Area } from '../area.js';

export const storageArea: Area = {
  nav: [{ label: 'Storage', href: '/storage', order: 50 }],
  routes: [],
};
