/** Boot: configuration, sign-in (or its callback), then the routed app. */
import { render } from 'preact';
import './styles.css';
import { loadConfig } from './api/config.js';
import { CALLBACK_PATH, completeSignIn, isSignedIn, signIn, startSilentRefresh } from './api/auth.js';
import { matchRoute, navigate, useLocation } from './router.js';
import { Layout } from './ui/layout.js';
import { ErrorBanner } from './ui/error-banner.js';
import { Page } from './ui/page.js';
import { allRoutes, navItems } from './pages/index.js';

function App() {
  const { path, query } = useLocation();
  const routes = allRoutes();
  const m = matchRoute(routes, path);
  return (
    <Layout nav={navItems()}>
      {m ? (
        m.route.render(m.params, query)
      ) : (
        <Page title="Not found">
          <p>The studio has no page at {path}.</p>
        </Page>
      )}
    </Layout>
  );
}

async function boot(root: HTMLElement): Promise<void> {
  try {
    await loadConfig();
    if (location.pathname === CALLBACK_PATH) {
      const back = await completeSignIn();
      navigate(back, true);
    } else if (!isSignedIn()) {
      await signIn();
      return;
    }
    startSilentRefresh();
    root.replaceChildren();
    render(<App />, root);
  } catch (e) {
    root.replaceChildren();
    render(
      <main class="page" style="padding:2rem">
        <h1>Sign-in failed</h1>
        <ErrorBanner error={e} />
        <button type="button" class="primary" onClick={() => void signIn('/')}>
          Sign in again
        </button>
      </main>,
      root,
    );
  }
}

void boot(document.getElementById('app')!);
