import type { Area } from '../area.js';

export const workspacesArea: Area = {
  nav: [{ label: 'Workspaces', href: '/workspaces', order: 10 }],
  routes: [],
};
