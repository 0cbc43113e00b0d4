import type { Area } from '../area.js';
import { WorkspaceListPage } from './workspace-list.js';
import { WorkspaceDetailPage } from './workspace-detail.js';
import { EndpointListPage } from '../endpoints/endpoint-list.js';
import '../endpoints/endpoints.css';

export const workspacesArea: Area = {
  nav: [{ label: 'Workspaces', href: '/workspaces', order: 10 }],
  routes: [
    { path: '/workspaces/:group/:workspace/endpoints', title: 'Endpoints', render: (p) => <EndpointListPage group={p.group} workspace={p.workspace} /> },
    { path: '/workspaces/:group/:workspace', title: 'Workspace', render: (p) => <WorkspaceDetailPage group={p.group} workspace={p.workspace} /> },
    { path: '/workspaces', title: 'Workspaces', render: () => <WorkspaceListPage /> },
  ],
};
