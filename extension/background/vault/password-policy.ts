/**
 * The master-password policy as the user reads it: the vault's strength rule (shared/vault) with
 * the reason in words. The background enforces it; the popup only displays it.
 */
import { MASTER_MIN_LENGTH, assessPassword, masterPasswordProblem as problemCode } from '../../../shared/vault/strength';
import type { PasswordAssessment } from '../../../shared/protocol/messages';

const REASONS = {
  TOO_SHORT: `Use at least ${MASTER_MIN_LENGTH} characters.`,
  TOO_WEAK: 'This password is too easy to guess. Add more words or characters.',
} as const;

export function masterPasswordProblem(password: string): string | null {
  const code = problemCode(password);
  return code === null ? null : REASONS[code];
}

export function assessMasterPassword(password: string): PasswordAssessment {
  if (password.length === 0) return { score: 0, problem: REASONS.TOO_SHORT, warning: '', suggestions: [] };
  const assessment = assessPassword(password);
  return {
    score: assessment.score,
    problem: masterPasswordProblem(password),
    warning: assessment.warning ?? '',
    suggestions: [...assessment.suggestions],
  };
}
