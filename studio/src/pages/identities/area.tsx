import type { Area } from '../area.js';
import './identities.css';
import { IdentityListPage } from './identity-list-page.js';
import { NewIdentityPage } from './identity-new-page.js';
import { IdentityDetailPage } from './identity-detail-page.js';

export const identitiesArea: Area = {
  nav: [{ label: 'Managed identities', href: '/identities', order: 40 }],
  routes: [
    { path: '/identities', title: 'Managed identities', render: () => <IdentityListPage /> },
    { path: '/identities/new', title: 'Create managed identity', render: (_p, q) => <NewIdentityPage group={q.get('group') ?? undefined} /> },
    { path: '/identities/:group/:name', title: 'Managed identity', render: (p) => <IdentityDetailPage group={p.group} name={p.name} /> },
  ],
};
