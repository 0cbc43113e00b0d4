import type { Area } from '../area.js';
import { AccessPage, scopeFromQuery } from './access-page.js';
import { AddAssignmentPage } from './add-assignment-page.js';

export const accessArea: Area = {
  nav: [{ label: 'Access control', href: '/access', order: 80 }],
  routes: [
    { path: '/access/add', title: 'Add role assignment', render: (_p, query) => <AddAssignmentPage scope={scopeFromQuery(query)} /> },
    { path: '/access', title: 'Access control (IAM)', render: (_p, query) => <AccessPage query={query} /> },
  ],
};
