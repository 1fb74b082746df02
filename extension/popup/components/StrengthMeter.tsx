/**
 * The strength of a new master password as the background judged it: a meter, the word for the
 * score, and the reason it would be refused (or zxcvbn's warning and suggestions).
 */
import type { PasswordAssessment } from '../../../shared/protocol/messages';

const WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export function StrengthMeter({ id, label, assessment }: { id: string; label: string; assessment: PasswordAssessment | null }) {
  const score = assessment?.score ?? 0;
  const word = assessment === null ? 'Not rated yet' : WORDS[score];
  const advice = assessment === null ? '' : (assessment.problem ?? assessment.warning);
  return (
    <div className="strength">
      <div
        className="meter"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={word}
        data-score={assessment === null ? 'none' : score}
      >
        <div className="meter-fill" />
      </div>
      <div id={id} className="strength-text" aria-live="polite">
        <p>
          Strength: <strong>{word}</strong>
        </p>
        {advice === '' ? null : <p className={assessment?.problem === null ? 'hint' : 'field-error'}>{advice}</p>}
        {assessment !== null && assessment.problem !== null && assessment.suggestions.length > 0 ? (
          <ul className="hint">
            {assessment.suggestions.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
