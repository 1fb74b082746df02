/**
 * Proton Pass item contents shared by its JSON and CSV exports (proton.me/support/pass-export; the
 * field names are those of Proton Pass's item protobufs as its exports write them):
 *
 * - creditCard {cardholderName, cardType, number, verificationNumber, expirationDate ("YYYY-MM",
 *   older "MMYYYY"), pin} → card, the PIN a hidden custom field;
 * - identity {firstName, middleName, lastName, fullName, email, phoneNumber, streetAddress, city,
 *   zipOrPostalCode, countryOrRegion, company/organization, …, socialSecurityNumber, passportNumber,
 *   licenseNumber, extra*Details[], extraSections[]} → identity; every text member our type lacks
 *   becomes a custom field (identity numbers hidden);
 * - extraFields [{fieldName, type: text|hidden|totp|timestamp, data: {content|totpUri|timestamp}}]
 *   → custom fields (hidden and TOTP ones hidden).
 */
import type { ItemDraft } from '../item-types';
import type { EntryBuilder } from './entry-builder';
import { child, isObject, objects, optNumber, text, textOrNumber, type JsonObject } from './json-fields';

const IDENTITY_MAPPED = new Set([
  'firstName', 'lastName', 'email', 'phoneNumber', 'streetAddress', 'city', 'zipOrPostalCode', 'countryOrRegion', 'company', 'organization',
]);
const IDENTITY_HIDDEN = new Set(['socialSecurityNumber', 'passportNumber', 'licenseNumber']);
const IDENTITY_LABELS: Readonly<Record<string, string>> = {
  fullName: 'Full name', middleName: 'Middle name', birthdate: 'Birth date', gender: 'Gender', stateOrProvince: 'State',
  floor: 'Floor', county: 'County', socialSecurityNumber: 'SSN', passportNumber: 'Passport number', licenseNumber: 'Licence number',
  website: 'Website', xHandle: 'X handle', secondPhoneNumber: 'Second phone', linkedin: 'LinkedIn', reddit: 'Reddit',
  facebook: 'Facebook', yahoo: 'Yahoo', instagram: 'Instagram', jobTitle: 'Job title', personalWebsite: 'Personal website',
  workPhoneNumber: 'Work phone', workEmail: 'Work email',
};

/** Adds extra fields as custom fields; a TOTP one is returned for a login that has none. */
export function addExtraFields(fields: readonly JsonObject[], b: EntryBuilder, where: string, wantTotp = false): string | undefined {
  let totp: string | undefined;
  for (const field of fields) {
    const name = text(field, 'fieldName', where);
    const type = text(field, 'type', where);
    const data = child(field, 'data', where) ?? {};
    if (type === 'totp') {
      const uri = text(data, 'totpUri', where);
      if (wantTotp && totp === undefined) totp = b.totp(uri, name || 'TOTP');
      else b.field(name || 'TOTP', uri, true);
    } else if (type === 'timestamp') {
      const seconds = optNumber(data, 'timestamp', where);
      b.field(name, seconds === undefined ? '' : new Date(seconds * 1000).toISOString().slice(0, 10), false);
    } else {
      b.field(name, text(data, 'content', where), type === 'hidden');
    }
  }
  return totp;
}

/** Year and month of "YYYY-MM" or the older "MMYYYY", or null. */
function expiryParts(expiry: string): { year: string; month: string } | null {
  const iso = /^(\d{4})-(\d{1,2})$/.exec(expiry);
  if (iso !== null) return { year: iso[1] ?? '', month: iso[2] ?? '' };
  const legacy = /^(\d{2})(\d{4})$/.exec(expiry);
  return legacy === null ? null : { year: legacy[2] ?? '', month: legacy[1] ?? '' };
}

export function cardFromProton(content: JsonObject, b: EntryBuilder, where: string): ItemDraft {
  const draft: ItemDraft = { type: 'card', cardholder: text(content, 'cardholderName', where), number: text(content, 'number', where), cvv: b.cvv(text(content, 'verificationNumber', where)) };
  const expiry = textOrNumber(content, 'expirationDate', where).trim();
  const parts = expiryParts(expiry);
  if (parts !== null) {
    const year = b.year(parts.year, 'Expiry year');
    const month = b.month(parts.month, 'Expiry month');
    if (month !== undefined) draft.expMonth = month;
    if (year !== undefined) draft.expYear = year;
  } else {
    b.field('Expiry', expiry, false);
  }
  b.field('PIN', text(content, 'pin', where), true);
  return draft;
}

export function identityFromProton(content: JsonObject, b: EntryBuilder, where: string): ItemDraft {
  const get = (key: string): string => text(content, key, where);
  for (const [key, value] of Object.entries(content)) {
    if (IDENTITY_MAPPED.has(key) || typeof value !== 'string') continue;
    b.field(IDENTITY_LABELS[key] ?? key, value, IDENTITY_HIDDEN.has(key));
  }
  for (const key of ['extraPersonalDetails', 'extraAddressDetails', 'extraContactDetails', 'extraWorkDetails']) {
    addExtraFields(objects(content, key, where), b, where);
  }
  for (const section of objects(content, 'extraSections', where)) addExtraFields(objects(section, 'sectionFields', where), b, where);
  return {
    type: 'identity', firstName: get('firstName'), lastName: get('lastName'), email: b.email(get('email')), phone: get('phoneNumber'),
    addressLines: get('streetAddress').split('\n'), city: get('city'), postcode: get('zipOrPostalCode'), country: get('countryOrRegion'),
    company: get('company') || get('organization'),
  };
}

/** A Proton content member that the CSV export writes as JSON text in its `note` column. */
export function contentFromText(note: string): JsonObject | null {
  if (!note.trim().startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(note);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}
