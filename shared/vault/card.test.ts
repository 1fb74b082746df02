import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cardLast4, detectCardBrand, isValidCardNumber, normalizeCardNumber } from './card';

describe('payment card numbers', () => {
  it('accepts the networks’ published test numbers and names their brand', () => {
    const cases: [string, string][] = [
      ['4242 4242 4242 4242', 'visa'],
      ['5555-5555-5555-4444', 'mastercard'],
      ['2223003122003222', 'mastercard'],
      ['378282246310005', 'amex'],
      ['6011111111111117', 'discover'],
      ['3056930009020004', 'diners'],
      ['3566002020360505', 'jcb'],
      ['6200000000000005', 'unionpay'],
    ];
    for (const [input, brand] of cases) {
      const digits = normalizeCardNumber(input);
      expect(isValidCardNumber(digits)).toBe(true);
      expect(detectCardBrand(digits)).toBe(brand);
    }
    expect(cardLast4('4242424242424242')).toBe('4242');
  });

  it('refuses a single mistyped digit (Luhn catches every one)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digits = '4242424242424242'.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        expect(isValidCardNumber(digits.join(''))).toBe(false);
      }),
    );
  });

  it('refuses non-digits and lengths outside 12..19', () => {
    expect(isValidCardNumber('4242a24242424242')).toBe(false);
    expect(isValidCardNumber('42424')).toBe(false);
    expect(isValidCardNumber('4'.repeat(20))).toBe(false);
  });
});
