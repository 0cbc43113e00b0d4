import type { Area } from '../area.js';
import { DenialsPage } from './denials-page.js';

export const denialsArea: Area = {
  nav: [{ label: 'Denials', href: '/denials', order: 90 }],
  routes: [{ path: '/denials', title: 'Denials', render: (_p, query) => <DenialsPage query={query} /> }],
};
