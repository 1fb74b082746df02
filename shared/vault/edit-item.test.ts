import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { applyEdit, createItem } from './edit-item';
import { encodeItem } from './item-codec';
import { ITEM_ID_PATTERN } from './item-id';
import { ITEM_TYPES, itemSchema, LIMITS, type Item, type ItemDraft, type ItemOf } from './item-types';
import { CERT, countingRandom, DRAFTS, SSH_ED25519, SSH_RSA, TOTP_SECRET } from './test-fixtures';
import { SSH_KEY_VECTORS } from './vectors/ssh-keys';

const NOW = 1_700_000_000_000;
const random = countingRandom();

function invalid(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('INVALID_ITEM');
    return (error as VaultError).message;
  }
  throw new Error('expected INVALID_ITEM');
}

function create<T extends Item['type']>(type: T): ItemOf<T> {
  return createItem(DRAFTS[type], NOW, random) as ItemOf<T>;
}

describe('createItem', () => {
  it('creates a valid item of every type with a fresh id, dates and empty history', () => {
    for (const type of ITEM_TYPES) {
      const item = create(type);
      expect(itemSchema.parse(item)).toEqual(item);
      expect(item.id).toMatch(ITEM_ID_PATTERN);
      expect(item).toMatchObject({ type, createdAt: NOW, updatedAt: NOW, trashedAt: null, history: [], favourite: false, tags: [] });
    }
  });

  it('normalises what a person typed: trimmed labels, URL schemes, TOTP, card digits, tags', () => {
    const login = createItem(
      { type: 'login', name: '  Bank ', folder: ' Money ', tags: [' a', 'a', '', 'b '], password: ' pw with spaces ', urls: [{ url: 'bank.example/login' }, { url: '  ' }], totp: 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq' },
      NOW,
      random,
    ) as ItemOf<'login'>;
    expect(login).toMatchObject({ name: 'Bank', folder: 'Money', tags: ['a', 'b'], password: ' pw with spaces ', totp: TOTP_SECRET });
    expect(login.urls).toEqual([{ url: 'https://bank.example/login', match: 'origin' }]);
    const card = create('card');
    expect(card.number).toBe('4242424242424242');
    expect(card.brand).toBe('visa');
  });

  it('derives the SSH fingerprint, and the public key from an OpenSSH private key', () => {
    const key = create('ssh-key');
    expect(key.fingerprint).toBe('SHA256:uYvJO1vt2HMUHluOS/znfkxPt4hwQ2/elUDCWMJV/sU');
    const fromPrivate = createItem({ type: 'ssh-key', name: 'k', privateKey: SSH_ED25519.privateKey! }, NOW, random) as ItemOf<'ssh-key'>;
    expect(fromPrivate.fingerprint).toBe(key.fingerprint);
    expect(fromPrivate.publicKey).toBe(SSH_ED25519.publicKey.split(' ').slice(0, 2).join(' '));
  });

  it('refuses an SSH private key that does not belong to the public key, and a bad public key', () => {
    expect(invalid(() => createItem({ ...DRAFTS['ssh-key'], publicKey: SSH_RSA.publicKey }, NOW, random))).toMatch(/^privateKey: does not belong/);
    expect(invalid(() => createItem({ type: 'ssh-key', name: 'k', publicKey: 'ssh-ed25519 AAAA' }, NOW, random))).toMatch(/^publicKey: SSH key/);
    expect(invalid(() => createItem({ type: 'ssh-key', name: 'k' }, NOW, random))).toMatch(/^publicKey: required/);
  });

  it('takes certificate expiry and subject from the PEM, never from the draft', () => {
    const cert = create('certificate');
    expect(new Date(cert.expiresAt).toISOString().replace('.000', '')).toBe(CERT.notAfter);
    expect(new Date(cert.notBefore).toISOString().replace('.000', '')).toBe(CERT.notBefore);
    expect(cert.subject).toBe('api.example.test');
    expect(invalid(() => createItem({ ...DRAFTS.certificate, expiresAt: 1 } as unknown as ItemDraft, NOW, random))).toMatch(/expiresAt|Unrecognized/i);
    expect(invalid(() => createItem({ ...DRAFTS.certificate, pem: 'garbage' }, NOW, random))).toMatch(/^pem: certificate: no PEM block/);
  });

  it('refuses invalid drafts with the field named', () => {
    expect(invalid(() => createItem({ type: 'note' }, NOW, random))).toMatch(/^name:/);
    expect(invalid(() => createItem({ type: 'note', name: 'x'.repeat(201) }, NOW, random))).toMatch(/^name:/);
    expect(invalid(() => createItem({ ...DRAFTS.login, urls: [{ url: 'javascript:alert(1)' }] }, NOW, random))).toMatch(/^urls\.0\.url: must be http or https/);
    expect(invalid(() => createItem({ ...DRAFTS.login, totp: 'not base32!' }, NOW, random))).toMatch(/^totp:/);
    expect(invalid(() => createItem({ ...DRAFTS.card, number: '4242 4242 4242 4241' }, NOW, random))).toMatch(/^number: .*Luhn/);
    expect(invalid(() => createItem({ ...DRAFTS['api-key'], key: '' }, NOW, random))).toMatch(/^key:/);
    expect(invalid(() => createItem({ ...DRAFTS.note, id: 'AAAAAAAAAAAAAAAAAAAAAA' }, NOW, random))).toMatch(/^id: a new item/);
    expect(invalid(() => createItem({ type: 'vault' } as unknown as ItemDraft, NOW, random))).toMatch(/^type:/);
  });

  it('refuses unknown fields instead of dropping them', () => {
    expect(invalid(() => createItem({ ...DRAFTS.note, colour: 'red' } as unknown as ItemDraft, NOW, random))).toMatch(/colour/);
  });
});

describe('applyEdit', () => {
  it('keeps the old password in history, bumps updatedAt and keeps the rest', () => {
    const login = create('login');
    const edited = applyEdit(login, { type: 'login', password: 'new-password-0123' }, NOW + 1000) as ItemOf<'login'>;
    expect(edited.password).toBe('new-password-0123');
    expect(edited.history).toEqual([{ field: 'password', value: 'hunter2-but-longer', changedAt: NOW + 1000 }]);
    expect(edited).toMatchObject({ id: login.id, createdAt: NOW, updatedAt: NOW + 1000, username: 'alice', urls: login.urls, totp: TOTP_SECRET });
  });

  it('returns the same item when nothing changes', () => {
    const login = create('login');
    expect(applyEdit(login, { type: 'login', id: login.id, name: ' Example ', password: login.password }, NOW + 5)).toBe(login);
  });

  it("clears optional fields with '' or null and records a removed TOTP seed", () => {
    const login = applyEdit(create('login'), { type: 'login', folder: 'Work' }, NOW + 1);
    const cleared = applyEdit(login, { type: 'login', folder: '', totp: '' }, NOW + 2) as ItemOf<'login'>;
    expect(cleared.folder).toBeUndefined();
    expect(cleared.totp).toBeUndefined();
    expect(cleared.history).toEqual([{ field: 'totp', value: TOTP_SECRET, changedAt: NOW + 2 }]);
    const key = applyEdit(create('api-key'), { type: 'api-key', expiresAt: null }, NOW + 1);
    expect('expiresAt' in key).toBe(false);
  });

  it('records hidden custom fields that change or disappear, not visible ones', () => {
    const note = applyEdit(create('note'), { type: 'note', customFields: [{ name: 'PIN', value: '1234', hidden: true }, { name: 'Colour', value: 'red', hidden: false }] }, NOW + 1);
    const changed = applyEdit(note, { type: 'note', customFields: [{ name: 'PIN', value: '9999', hidden: true }, { name: 'Colour', value: 'blue', hidden: false }] }, NOW + 2);
    expect(changed.history).toEqual([{ field: 'custom:PIN', value: '1234', changedAt: NOW + 2 }]);
    const removed = applyEdit(changed, { type: 'note', customFields: [] }, NOW + 3);
    expect(removed.history.at(-1)).toEqual({ field: 'custom:PIN', value: '9999', changedAt: NOW + 3 });
  });

  it('caps history at the newest entries', () => {
    let item: Item = create('token');
    for (let i = 0; i < LIMITS.history + 10; i++) item = applyEdit(item, { type: 'token', token: `token-${i}` }, NOW + i + 1);
    expect(item.history).toHaveLength(LIMITS.history);
    expect(item.history.at(-1)?.value).toBe(`token-${LIMITS.history + 8}`);
    expect(item.history[0]?.value).toBe('token-9');
  });

  it('drops the oldest history rather than outgrow the largest record', () => {
    const pkcs1 = (fill: string) => `-----BEGIN RSA PRIVATE KEY-----\n${fill.repeat(60_000)}\n-----END RSA PRIVATE KEY-----`;
    let key: Item = createItem({ type: 'ssh-key', name: 'big', publicKey: SSH_RSA.publicKey, privateKey: pkcs1('A') }, NOW, random);
    for (let i = 0; i < 20; i++) key = applyEdit(key, { type: 'ssh-key', privateKey: pkcs1(String.fromCharCode(66 + i)) }, NOW + i + 1);
    expect(encodeItem(key).length).toBeLessThanOrEqual(1024 * 1024 - 4);
    expect(key.history.length).toBeGreaterThan(5);
    expect(key.history.length).toBeLessThan(20);
    expect(key.history.at(-1)?.value).toBe(pkcs1(String.fromCharCode(66 + 18)));
  });

  it('derives the public key again when a new OpenSSH private key is pasted', () => {
    const other = SSH_KEY_VECTORS.find((v) => v.name === 'enc')!;
    const edited = applyEdit(create('ssh-key'), { type: 'ssh-key', privateKey: other.privateKey! }, NOW + 1) as ItemOf<'ssh-key'>;
    expect(edited.fingerprint).toBe('SHA256:AUdY3IlHibomruf2rJhV4MELoJ5vWdj58hz/YkJ9o8w');
    expect(edited.history).toEqual([{ field: 'privateKey', value: SSH_ED25519.privateKey!, changedAt: NOW + 1 }]);
  });

  it("refuses a change of type or another item's id", () => {
    const login = create('login');
    expect(invalid(() => applyEdit(login, { type: 'note' }, NOW))).toMatch(/^type:/);
    expect(invalid(() => applyEdit(login, { type: 'login', id: 'AAAAAAAAAAAAAAAAAAAAAA' }, NOW))).toMatch(/^id:/);
  });

  it('keeps trash state and never moves updatedAt backwards', () => {
    const trashed = { ...create('note'), trashedAt: NOW + 10, updatedAt: NOW + 10 };
    const edited = applyEdit(trashed, { type: 'note', name: 'renamed' }, NOW);
    expect(edited).toMatchObject({ trashedAt: NOW + 10, updatedAt: NOW + 10, name: 'renamed' });
  });
});
