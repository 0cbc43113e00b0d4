/** The landing page: who is signed in, and the way to each area. */
import { Page } from '../../ui/page.js';
import { Link, type NavItem } from '../../router.js';
import { account } from '../../api/auth.js';
import { config } from '../../api/config.js';

export function HomePage(props: { nav: NavItem[] }) {
  const me = account();
  const c = config();
  return (
    <Page title="Cerulean studio">
      <p>
        Signed in as <strong>{me?.username}</strong> to tenant <code>{c.tenantId}</code>, subscription <code>{c.subscriptionId}</code>.
      </p>
      <ul class="cards">
        {props.nav
          .filter((n) => n.href !== '/')
          .map((n) => (
            <li>
              <Link href={n.href}>{n.label}</Link>
            </li>
          ))}
      </ul>
    </Page>
  );
}
