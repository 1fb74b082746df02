/**
 * Payment card numbers: normalisation, the Luhn check (ISO/IEC 7812-1 Annex B) and brand detection
 * from the issuer identification number ranges the networks publish.
 *
 * Refuses (returns false / 'other' rather than guessing): numbers outside 12..19 digits, anything
 * that is not digits after removing spaces and dashes.
 */

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay', 'maestro', 'other'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** Digits only: strips spaces and dashes people type between groups. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** True for 12..19 digits that pass the Luhn check. */
export function isValidCardNumber(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function inRange(digits: string, prefixLength: number, low: number, high: number): boolean {
  const prefix = Number(digits.slice(0, prefixLength));
  return digits.length >= prefixLength && prefix >= low && prefix <= high;
}

/** The card network, from the leading digits. */
export function detectCardBrand(digits: string): CardBrand {
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^4/.test(digits)) return 'visa';
  if (inRange(digits, 2, 51, 55) || inRange(digits, 4, 2221, 2720)) return 'mastercard';
  if (/^(6011|65|64[4-9])/.test(digits) || inRange(digits, 6, 622126, 622925)) return 'discover';
  if (/^(36|38|39|30[0-5])/.test(digits)) return 'diners';
  if (inRange(digits, 4, 3528, 3589)) return 'jcb';
  if (/^62/.test(digits)) return 'unionpay';
  if (/^(5018|5020|5038|5893|6304|6759|676[1-3])/.test(digits)) return 'maestro';
  return 'other';
}

/** The last four digits, the only part of a number a summary may show. */
export function cardLast4(digits: string): string {
  return digits.slice(-4);
}
