import type { Area } from '../area.js';
import { EndpointListPage } from './endpoint-list.js';
import { EndpointDetailPage } from './endpoint-detail.js';
import { DeploymentDetailPage } from './deployment-detail.js';
import './endpoints.css';

export const endpointsArea: Area = {
  nav: [{ label: 'Endpoints', href: '/endpoints', order: 20 }],
  routes: [
    {
      path: '/endpoints/:group/:workspace/:endpoint/deployments/:deployment',
      title: 'Deployment',
      render: (p) => <DeploymentDetailPage group={p.group} workspace={p.workspace} endpoint={p.endpoint} deployment={p.deployment} />,
    },
    { path: '/endpoints/:group/:workspace/:endpoint', title: 'Endpoint', render: (p) => <EndpointDetailPage group={p.group} workspace={p.workspace} endpoint={p.endpoint} /> },
    {
      path: '/endpoints',
      title: 'Endpoints',
      render: (_p, q) => <EndpointListPage group={q.get('group') ?? undefined} workspace={q.get('workspace') ?? undefined} />,
    },
  ],
};
