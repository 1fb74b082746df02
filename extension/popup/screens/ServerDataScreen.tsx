/**
 * "My server data" (issue 11, docs/data-flows.md): everything the sync server holds about this
 * account (`account/data`), section by section with this build's own explanation of each: counts,
 * sizes, ids, public-key fingerprints and times; nothing there is readable. Below it, deleting the
 * account (DeleteAccount).
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { AccountDataResponse } from '../../../shared/protocol/api/account-data';
import { DeleteAccount } from '../components/DeleteAccount';
import { ScreenHeader } from '../components/ScreenHeader';
import { describeError } from '../error-messages';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

type Load = { phase: 'loading' } | { phase: 'ready'; data: AccountDataResponse } | { phase: 'failed'; code: string } | { phase: 'deleted' };

function when(at: number | null): string {
  return at === null ? 'never' : new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function bytes(n: number): string {
  return n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function Part({ id, title, explanation, children }: { id: string; title: string; explanation: string; children?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="stack">
      <h3 id={id}>{title}</h3>
      <p className="muted small">{explanation}</p>
      {children}
    </section>
  );
}

function Facts({ rows }: { rows: readonly [string, string][] }) {
  return (
    <dl className="facts small">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd className="mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AccountData({ data }: { data: AccountDataResponse }) {
  const e = data.explanations;
  return (
    <>
      <Part id="sd-account" title="Account" explanation={e.account}>
        <Facts rows={[['Account id', data.account.id], ['Created', when(data.account.createdAt)], ['Frozen by the operator', data.account.frozen ? 'yes' : 'no']]} />
      </Part>
      <Part id="sd-chain" title="Identity chain" explanation={e.identityChain}>
        <Facts rows={[['Entries', String(data.identityChain.entries)], ['Size', bytes(data.identityChain.bytes)], ['Head', data.identityChain.head]]} />
      </Part>
      <Part id="sd-devices" title={`Devices (${data.devices.length})`} explanation={e.devices}>
        <ul className="small">
          {data.devices.map((d) => (
            <li key={d.id}>
              <span className="mono">{d.fingerprint}</span> · {d.revoked ? 'revoked' : 'trusted'}
              {d.frozen ? ' · frozen' : ''} · last signed in {when(d.lastSeenHour)}
            </li>
          ))}
        </ul>
      </Part>
      <Part id="sd-sessions" title="Sessions and challenges" explanation={`${e.sessions} ${e.challenges}`}>
        <Facts rows={[['Active sessions', String(data.sessions.active)], ['Pending challenges', String(data.challenges.pending)]]} />
      </Part>
      <Part id="sd-heartbeats" title={`Heartbeats (${data.heartbeats.length})`} explanation={e.heartbeats}>
        <ul className="small">
          {data.heartbeats.map((h) => (
            <li key={h.device}>
              device <span className="mono">{h.device.slice(0, 8)}</span> · {when(h.time)} · {bytes(h.bytes)}
            </li>
          ))}
        </ul>
      </Part>
      <Part id="sd-collections" title={`Collections (${data.collections.length})`} explanation={e.collections}>
        <ul className="small">
          {data.collections.map((c) => (
            <li key={c.id}>
              <span className="mono">{c.id.slice(0, 8)}</span> · {c.role ?? 'no longer a member'} · {c.members} {c.members === 1 ? 'member' : 'members'} · {c.batches}{' '}
              encrypted batches ({bytes(c.logBytes)}) · chain {c.chainEntries} entries ({bytes(c.chainBytes)})
            </li>
          ))}
        </ul>
      </Part>
      <Part id="sd-rate" title="Rate limits" explanation={e.rateLimits}>
        <Facts rows={[['Windows', String(data.rateLimits.length)], ['Requests counted', String(data.rateLimits.reduce((n, r) => n + r.requests, 0))]]} />
      </Part>
      <Part id="sd-not-stored" title="Never on the server" explanation={e.notStored} />
      <Part id="sd-inferable" title="What the server can still infer" explanation={e.inferable} />
    </>
  );
}

export function ServerDataScreen({ onBack }: { onBack: () => void }) {
  const { fail } = useVault();
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    send('account/data', {})
      .then((data) => live && setLoad({ phase: 'ready', data }))
      .catch((error: unknown) => live && setLoad({ phase: 'failed', code: fail(error) }));
    return () => {
      live = false;
    };
  }, [fail]);
  return (
    <main className="screen server-data-screen">
      <ScreenHeader title="My server data" onBack={onBack} />
      {load.phase === 'loading' ? <p className="muted">Asking the server…</p> : null}
      {load.phase === 'failed' ? (
        <p role="alert" className="form-error">
          {load.code === 'NOT_FOUND' ? 'This vault does not sync with a server, so no server holds anything about it.' : describeError(load.code)}
        </p>
      ) : null}
      {load.phase === 'deleted' ? <p role="status">Your account is deleted from the server and sync is off. Your vault in this browser is kept.</p> : null}
      {load.phase === 'ready' ? (
        <>
          <section aria-labelledby="sd-title" className="stack">
            <h2 id="sd-title">What the server holds about you</h2>
            <AccountData data={load.data} />
          </section>
          <div className="stack">
            <DeleteAccount onDeleted={() => setLoad({ phase: 'deleted' })} />
          </div>
        </>
      ) : null}
    </main>
  );
}
