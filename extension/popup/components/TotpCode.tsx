/**
 * A login's current one-time code (TOTP, computed here with otpauth from the seed) and the seconds
 * until it changes. The labelled element holds only the digits, so its text is the code.
 */
import { groupDigits } from '../totp-code';
import { useTotp } from '../hooks/useTotp';

export function TotpCode({ readSeed, onCopy }: { readSeed: () => Promise<string>; onCopy: (code: string) => void }) {
  const totp = useTotp(readSeed);
  return (
    <div className="view-row">
      <dt>One-time code</dt>
      <dd>
        {totp.phase === 'ready' ? (
          <>
            <output className="value mono totp" aria-label="One-time code" aria-live="off">
              {groupDigits(totp.now.code)}
            </output>
            <span className={totp.now.remaining <= 5 ? 'countdown soon' : 'countdown'}>
              <span
                className="countdown-ring"
                aria-hidden="true"
                style={{ ['--left' as string]: `${(totp.now.remaining / totp.now.period) * 100}%` }}
              />
              {totp.now.remaining} s
            </span>
            <button type="button" className="small" aria-label="Copy code" onClick={() => onCopy(totp.now.code)}>
              Copy
            </button>
          </>
        ) : (
          <span className="value muted">{totp.phase === 'loading' ? 'Computing…' : 'The TOTP secret cannot be read.'}</span>
        )}
      </dd>
    </div>
  );
}
