import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { createRecoveryKit, kitToText } from './kit';
import { checkConfirmGroups, KIT_GROUPS, pickConfirmGroups } from './kit-confirmation';

const text = kitToText(createRecoveryKit(randomBytes(32)));
const groups = text.split('-');

describe('kit confirmation', () => {
  it('picks two different groups inside the kit, whatever the randomness', () => {
    for (const values of [[0, 0], [0.999, 0.999], [0.5, 0.5], [0.1, 0.9]]) {
      let n = 0;
      const [a, b] = pickConfirmGroups(() => values[n++] ?? 0);
      expect(a).toBeLessThan(b);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(KIT_GROUPS);
    }
  });

  it('accepts the groups as read off paper: any case, spaces, I and L for 1, O for 0', () => {
    const loose = (g: string) => ` ${g.toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o')} `;
    expect(() => checkConfirmGroups(text, [2, 11], [loose(groups[2] ?? ''), loose(groups[11] ?? '')])).not.toThrow();
  });

  it('refuses a wrong group, naming it, and malformed requests', () => {
    const wrong = (groups[5] ?? '').replace(/./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => checkConfirmGroups(text, [0, 5], [groups[0] ?? '', wrong])).toThrow(expect.objectContaining({ code: 'BAD_ENCODING', message: 'group 6 does not match the kit' }));
    expect(() => checkConfirmGroups(text, [3, 3], [groups[3] ?? '', groups[3] ?? ''])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => checkConfirmGroups(text, [3, 17], [groups[3] ?? '', 'AAAAA'])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
