/**
 * Calendar dates in the popup. Expiry and rotation dates are whole days, entered with
 * `<input type="date">` and stored as the epoch milliseconds of that day's 00:00 UTC, so a date
 * reads back the same in every time zone.
 */

/** `YYYY-MM-DD` for a date input, or '' when there is no date. */
export function toDateInput(epochMs: number | undefined | null): string {
  if (epochMs === undefined || epochMs === null || !Number.isFinite(epochMs)) return '';
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Epoch milliseconds of a date input's day (00:00 UTC), or null when the text is not a date. */
export function fromDateInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  return toDateInput(ms) === value ? ms : null;
}

/** A date for reading ("30 Jun 2027"). */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toLocaleDateString(undefined, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
}

/** A moment for reading, in local time ("3 Mar 2026, 14:05"). */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
