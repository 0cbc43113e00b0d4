import type { Area } from '../area.js';
import { StorageAccountPage, StorageAccountsPage } from './storage-pages.js';
import { BlobBrowserPage } from './blob-browser-page.js';

export const storageArea: Area = {
  nav: [{ label: 'Storage', href: '/storage', order: 50 }],
  routes: [
    { path: '/storage', title: 'Storage accounts', render: () => <StorageAccountsPage /> },
    { path: '/storage/:group/:account', title: 'Storage account', render: (p) => <StorageAccountPage group={p.group} account={p.account} /> },
    {
      path: '/storage/:group/:account/:container',
      title: 'Container',
      render: (p, q) => <BlobBrowserPage key={`${p.account}/${p.container}/${q.get('prefix') ?? ''}`} group={p.group} account={p.account} container={p.container} prefix={q.get('prefix') ?? ''} />,
    },
  ],
};
