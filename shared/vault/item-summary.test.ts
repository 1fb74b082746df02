import { describe, expect, it } from 'vitest';
import { applyEdit, createItem } from './edit-item';
import { ITEM_TYPES, secretValuesOf, type Item } from './item-types';
import { EXPIRING_SOON_MS, searchEntryOf, summarize } from './item-summary';
import { weakOrReused } from './strength';
import { countingRandom, DRAFTS } from './test-fixtures';
import { trashItem } from './trash';

const NOW = Date.UTC(2026, 5, 15);
const DAY = 24 * 60 * 60 * 1000;
const random = countingRandom(11);
const make = (type: Item['type']) => createItem(DRAFTS[type], NOW - DAY, random);

describe('item summaries', () => {
  it('never contain a secret value, hidden custom field or full card number', () => {
    for (const type of ITEM_TYPES) {
      const item = applyEdit(make(type), { type, customFields: [{ name: 'Recovery', value: 'hidden-recovery-code-123', hidden: true }] } as never, NOW);
      const text = JSON.stringify(searchEntryOf(item, NOW));
      const secrets = [...secretValuesOf(item).values()];
      expect(secrets.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain('424242424242');
      expect(text).not.toContain('front 1234');
    }
  });

  it('shows a useful non-secret subtitle per type', () => {
    const subtitles = Object.fromEntries(ITEM_TYPES.map((type) => [type, summarize(make(type), NOW).subtitle]));
    expect(subtitles).toEqual({
      login: 'alice',
      note: '',
      card: 'Alice Example · •••• 4242',
      identity: 'Alice Example',
      'api-key': 'stripe',
      token: 'github',
      'ssh-key': 'SHA256:uYvJO1vt2HMUHluOS/znfkxPt4hwQ2/elUDCWMJV/sU',
      certificate: 'api.example.test',
      database: 'postgresql · app@db.internal:5432',
    });
    const noUser = createItem({ ...DRAFTS.login, username: '' }, NOW, random);
    expect(summarize(noUser, NOW).subtitle).toBe('example.com');
  });

  it('carries list fields: folder, tags, favourite, trashed, TOTP', () => {
    const item = applyEdit(make('login'), { type: 'login', folder: 'Work', tags: ['x'], favourite: true }, NOW);
    expect(summarize(item, NOW)).toMatchObject({ id: item.id, type: 'login', name: 'Example', folder: 'Work', tags: ['x'], favourite: true, trashed: false, hasTotp: true, flags: [], updatedAt: NOW });
    expect(summarize(trashItem(item, NOW), NOW).trashed).toBe(true);
    expect(summarize(make('note'), NOW)).toMatchObject({ folder: null, hasTotp: false });
  });

  it('flags machine secrets that are expired, expiring soon or due for rotation', () => {
    const key = (expiresAt: number | null, rotateAt: number | null) => applyEdit(make('api-key'), { type: 'api-key', expiresAt, rotateAt }, NOW);
    expect(summarize(key(NOW - 1, null), NOW).flags).toEqual(['expired']);
    expect(summarize(key(NOW + EXPIRING_SOON_MS, null), NOW).flags).toEqual(['expiring-soon']);
    expect(summarize(key(NOW + EXPIRING_SOON_MS + 1, NOW - 1), NOW).flags).toEqual(['rotation-due']);
    expect(summarize(key(NOW - 1, NOW - 1), NOW).flags).toEqual(['expired', 'rotation-due']);
    expect(summarize(key(null, NOW + 1), NOW).flags).toEqual([]);
  });

  it('flags an expired certificate from its PEM date, and cards after their month ends', () => {
    const cert = make('certificate');
    expect(summarize(cert, cert.type === 'certificate' ? cert.expiresAt + 1 : 0).flags).toEqual(['expired']);
    const card = (expMonth: number, expYear: number) => applyEdit(make('card'), { type: 'card', expMonth, expYear }, NOW);
    expect(summarize(card(5, 2026), NOW).flags).toEqual(['expired']);
    expect(summarize(card(6, 2026), NOW).flags).toEqual([]);
    expect(summarize(card(6, 2026), Date.UTC(2026, 5, 20)).flags).toEqual(['expiring-soon']);
    expect(summarize(card(6, 2026), Date.UTC(2026, 5, 30, 23, 59)).flags).toEqual(['expiring-soon']);
    expect(summarize(card(6, 2026), Date.UTC(2026, 6, 1)).flags).toEqual(['expired']);
    expect(summarize(card(12, 2030), NOW).flags).toEqual([]);
  });

  it('adds weak and reused flags from the password check', () => {
    const a = createItem({ ...DRAFTS.login, password: 'letmein' }, NOW, random);
    const b = createItem({ ...DRAFTS.login, password: 'letmein' }, NOW, random);
    expect(summarize(a, NOW, weakOrReused([a, b])).flags).toEqual(['weak', 'reused']);
  });

  it('lists login hosts for search, once each', () => {
    const item = createItem({ ...DRAFTS.login, urls: [{ url: 'https://A.example.com/x' }, { url: 'https://a.example.com/y' }, { url: 'http://b.example.org' }] }, NOW, random);
    expect(searchEntryOf(item, NOW).hosts).toEqual(['a.example.com', 'b.example.org']);
  });
});
