/**
 * User-facing wording for autofill's refusal codes (shared/protocol/autofill.ts) and outcomes.
 */
import type { FillOutcome, FillRefusal } from '../../shared/protocol/autofill';

const REFUSALS: Record<FillRefusal, string> = {
  locked: 'The vault is locked. Unlock it, then fill again.',
  'no-page': 'Sealed Vault cannot fill on this page. Reload the page and try again.',
  'no-login': 'There is no saved login for this site.',
  'wrong-site': 'Nothing was filled: this page is not the site this login belongs to.',
  'insecure-page': 'Nothing was filled: this page is not secure (http) and the login is for the secure (https) site.',
  'needs-choice': 'This login is for another site of the same domain. Choose it yourself to fill it here.',
  'cross-origin-frame': 'Nothing was filled: the login form is in a frame from another site.',
  'sandboxed-frame': 'Nothing was filled: the login form is in a sandboxed frame.',
  'no-fields': 'Nothing was filled: no login form was found on this page.',
  'field-hidden': 'Nothing was filled: the field is hidden, transparent or covered.',
  'field-disabled': 'Nothing was filled: the login fields are read-only or disabled.',
  'form-action-origin': 'Nothing was filled: the form would send your login to another site.',
  'untrusted-event': 'Nothing was filled: the page tried to start a fill by itself.',
  'page-changed': 'Nothing was filled: the page changed. Try again.',
};

export function describeRefusal(reason: FillRefusal): string {
  return REFUSALS[reason];
}

export function describeOutcome(outcome: FillOutcome): string {
  return outcome.outcome === 'filled' ? 'Filled.' : describeRefusal(outcome.reason);
}
