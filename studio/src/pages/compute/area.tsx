import type { Area } from '../area.js';
import './compute.css';
import { AllComputePage, WorkspaceComputePage } from './compute-list-page.js';
import { ComputeDetailPage } from './compute-detail-page.js';
import { NewComputePage } from './compute-new-page.js';

export const computeArea: Area = {
  nav: [{ label: 'Compute', href: '/compute', order: 30 }],
  routes: [
    { path: '/compute', title: 'Compute', render: () => <AllComputePage /> },
    { path: '/compute/:group/:workspace', title: 'Compute', render: (p) => <WorkspaceComputePage group={p.group} workspace={p.workspace} /> },
    { path: '/compute/:group/:workspace/new', title: 'New compute instance', render: (p) => <NewComputePage group={p.group} workspace={p.workspace} /> },
    { path: '/compute/:group/:workspace/:name', title: 'Compute instance', render: (p) => <ComputeDetailPage group={p.group} workspace={p.workspace} name={p.name} /> },
  ],
};
