import type { Area } from '../area.js';

export const accessArea: Area = {
  nav: [{ label: 'Access control', href: '/access', order: 80 }],
  routes: [],
};
