/**
 * A recovery kit shown once (DESIGN.md §7): the text in 17 groups, a QR code of the same text
 * (qrcode), a download as a .txt file, and the confirmation: the person retypes two groups, picked
 * at random by the worker, read from what they saved. The kit text lives in this component's state
 * only while it is shown. `onConfirm` gets the two answers; its refusal is shown under the fields.
 */
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import type { RecoveryKitView } from '../../../shared/protocol/messages';
import { errorCode } from '../error-messages';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { kitError, KIT_WARNING } from '../recovery-wording';

function kitFile(text: string): string {
  return [
    'Sealed Vault recovery kit',
    '',
    text,
    '',
    KIT_WARNING,
    'To restore: open Sealed Vault in a browser without a vault, choose "Restore with a recovery kit", type this kit and your sync server address.',
    '',
  ].join('\n');
}

export function RecoveryKitCard({
  kit,
  title,
  confirmLabel = 'Confirm recovery kit',
  onConfirm,
  describeRefusal = kitError,
}: {
  kit: RecoveryKitView;
  title: string;
  confirmLabel?: string;
  onConfirm: (answers: [string, string]) => Promise<void>;
  describeRefusal?: (code: string) => string;
}) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [qr, setQr] = useState<string | null>(null);
  const [answers, setAnswers] = useState<[string, string]>(['', '']);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(kitFile(kit.text))}`;
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(kit.text, { errorCorrectionLevel: 'M', margin: 2, width: 220 }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [kit.text]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (answers.some((a) => a.trim() === '')) return setProblem('Type both groups.');
    setBusy(true);
    setProblem(null);
    try {
      await onConfirm(answers);
    } catch (error) {
      setProblem(describeRefusal(errorCode(error)));
      setBusy(false);
    }
  };

  return (
    <section className="stack" aria-labelledby="kit-heading">
      <h3 id="kit-heading" ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <p className="warning">{KIT_WARNING}</p>
      <p className="muted small">It is shown only now. Print it, download it, or write it down, then confirm it below.</p>
      <label htmlFor="kit-text">Recovery kit</label>
      <textarea id="kit-text" readOnly rows={4} value={kit.text} className="mono" />
      {qr === null ? <p className="muted">Making the QR code…</p> : <img src={qr} width={220} height={220} alt="QR code of your recovery kit" />}
      <a href={download} download="sealed-vault-recovery-kit.txt">
        Download recovery kit (.txt)
      </a>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="kit-confirm-heading">
        <h4 id="kit-confirm-heading">Confirm you saved it</h4>
        <p className="muted small">Type these two groups from what you saved (groups are the blocks of 5 between hyphens).</p>
        {kit.confirm.map((index, n) => (
          <div key={index} className="stack">
            <label htmlFor={`kit-group-${n}`}>{`Group ${index + 1} of your kit`}</label>
            <input
              id={`kit-group-${n}`}
              className="mono"
              autoComplete="off"
              spellCheck={false}
              maxLength={20}
              value={answers[n]}
              aria-invalid={problem !== null}
              aria-describedby={problem === null ? undefined : 'kit-confirm-error'}
              onChange={(e) => setAnswers((old) => (n === 0 ? [e.target.value, old[1]] : [old[0], e.target.value]))}
            />
          </div>
        ))}
        {problem === null ? null : (
          <p id="kit-confirm-error" role="alert" className="form-error">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {confirmLabel}
        </button>
      </form>
    </section>
  );
}
