import { describe, expect, it } from 'vitest';
import { createItem } from './edit-item';
import {
  DERIVED_FIELDS,
  ITEM_TYPES,
  itemDraftSchema,
  itemSchema,
  MACHINE_SECRET_TYPES,
  secretFieldsOf,
  secretValuesOf,
  SYSTEM_FIELDS,
  type ItemOf,
} from './item-types';
import { countingRandom, DRAFTS } from './test-fixtures';

function optionKeys(schema: { options: readonly { shape: object }[] }, type: string): string[] {
  const option = schema.options.find((o) => (o.shape as { type: { value: string } }).type.value === type);
  return Object.keys(option?.shape ?? {}).sort();
}

describe('item types', () => {
  it('drafts name exactly the stored fields less system and derived ones (plus id)', () => {
    for (const type of ITEM_TYPES) {
      const stored = optionKeys(itemSchema, type).filter((k) => !(SYSTEM_FIELDS as readonly string[]).includes(k) && !DERIVED_FIELDS[type].includes(k));
      expect(optionKeys(itemDraftSchema, type)).toEqual(stored);
    }
  });

  it('gives every machine secret an owner, expiry and rotation date', () => {
    for (const type of MACHINE_SECRET_TYPES) {
      expect(optionKeys(itemSchema, type)).toEqual(expect.arrayContaining(['owner', 'expiresAt', 'rotateAt']));
    }
  });

  it('names the secret fields of each type', () => {
    expect(secretFieldsOf('login')).toEqual(['password', 'totp']);
    expect(secretFieldsOf('card')).toEqual(['number', 'cvv']);
    expect(secretFieldsOf('api-key')).toEqual(['key']);
    expect(secretFieldsOf('token')).toEqual(['token']);
    expect(secretFieldsOf('ssh-key')).toEqual(['privateKey']);
    expect(secretFieldsOf('certificate')).toEqual(['privateKey']);
    expect(secretFieldsOf('database')).toEqual(['password']);
    expect(secretFieldsOf('note')).toEqual([]);
    for (const type of ITEM_TYPES) {
      for (const field of secretFieldsOf(type)) expect(optionKeys(itemSchema, type)).toContain(field);
    }
  });

  it('lists secret values including hidden custom fields', () => {
    const login = createItem(
      { ...DRAFTS.login, customFields: [{ name: 'PIN', value: '4321', hidden: true }, { name: 'Hint', value: 'blue', hidden: false }] },
      0,
      countingRandom(),
    ) as ItemOf<'login'>;
    expect([...secretValuesOf(login)]).toEqual([
      ['password', login.password],
      ['totp', login.totp],
      ['custom:PIN', '4321'],
    ]);
  });

  it('refuses stored text with surrounding spaces rather than rewriting it', () => {
    const note = createItem(DRAFTS.note, 0, countingRandom());
    expect(itemSchema.safeParse({ ...note, name: ' padded ' }).success).toBe(false);
  });
});
