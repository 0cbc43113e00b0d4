/** The studio frame: top bar with the signed-in user and sign-out, navigation, the page. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Link, useLocation, type NavItem } from '../router.js';
import { account, signOut } from '../api/auth.js';

export function Layout(props: { nav: NavItem[]; children: ComponentChildren }) {
  const { path } = useLocation();
  const me = account();
  const [open, setOpen] = useState(false);
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <button type="button" class="menu" aria-expanded={open} aria-controls="nav" onClick={() => setOpen(!open)}>
          Menu
        </button>
        <Link href="/" class="brand">
          Cerulean studio
        </Link>
        <span class="spacer" />
        {me && (
          <span class="user" title={me.objectId}>
            {me.name || me.username}
          </span>
        )}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav id="nav" class={open ? 'nav open' : 'nav'} aria-label="Studio" onClick={() => setOpen(false)}>
        <ul>
          {props.nav.map((n) => (
            <li>
              <Link href={n.href} aria-current={path === n.href || (n.href !== '/' && path.startsWith(n.href + '/')) ? 'page' : undefined}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
