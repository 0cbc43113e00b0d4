/** The provisioning stages of a deployment as a stepper, and the failure with the missing role named. */
import { Link } from '../../router.js';
import { STAGES, missingRole, type Progress } from './provisioning-stages.js';

export function ProvisioningStepper(props: { progress: Progress; state: string | undefined }) {
  const { progress } = props;
  const final = progress.outcome === 'failed' ? 'Failed' : progress.outcome === 'succeeded' ? 'Succeeded' : 'Succeeded / Failed';
  const labels = [...STAGES, final];
  const last = labels.length - 1;
  const status = (i: number): 'done' | 'current' | 'failed' | 'pending' => {
    if (progress.outcome === 'succeeded') return 'done';
    if (progress.outcome === 'failed') return i < progress.reached ? 'done' : i === progress.reached || i === last ? 'failed' : 'pending';
    if (progress.outcome === 'running') return i < progress.reached ? 'done' : i === progress.reached ? 'current' : 'pending';
    return i <= progress.reached ? 'done' : 'pending';
  };
  const words = { done: 'done', current: 'in progress', failed: 'failed', pending: 'not started' };
  return (
    <ol class="endpoints-stepper" aria-label="Provisioning progress">
      {labels.map((l, i) => {
        const s = status(i);
        return (
          <li class={`endpoints-step ${s}`} aria-current={s === 'current' ? 'step' : undefined}>
            <span class="endpoints-dot" aria-hidden="true">
              {s === 'done' ? '✓' : s === 'failed' ? '✕' : i + 1}
            </span>
            <span>{l}</span>
            <span class="visually-hidden"> ({words[s]})</span>
          </li>
        );
      })}
    </ol>
  );
}

export function ProvisioningFailure(props: { failure: string | undefined }) {
  const missing = missingRole(props.failure);
  return (
    <div class="banner error" role="alert">
      <div>
        <strong>Deployment failed</strong>
        <p class="message">{props.failure ?? 'The deployment failed; its logs give no reason.'}</p>
        {missing && (
          <div class="endpoints-missing-role">
            <p>
              Missing role: <strong class="endpoints-role">{missing.role}</strong>
              {missing.principalId ? (
                <>
                  {' '}
                  for principal <code>{missing.principalId}</code>
                </>
              ) : null}
              {missing.scope ? (
                <>
                  {' '}
                  at scope <code>{missing.scope}</code>
                </>
              ) : null}
              .
            </p>
            <p>
              <Link href="/denials">See the denial and grant the role in Denials</Link>
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
