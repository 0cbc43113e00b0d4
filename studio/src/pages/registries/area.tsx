import type { Area } from '../area.js';

export const registriesArea: Area = {
  nav: [{ label: 'Container registries', href: '/registries', order: 60 }],
  routes: [],
};
