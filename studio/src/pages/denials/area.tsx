import type { Area } from '../area.js';

export const denialsArea: Area = {
  nav: [{ label: 'Denials', href: '/denials', order: 90 }],
  routes: [],
};
