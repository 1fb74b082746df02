/**
 * The server's IdentityResolver for collection chains (shared/chains/collection-chain.ts): the
 * identity chains of every person a set of collection entries names (authors, owners, members,
 * seal recipients), read from the database and validated with the clients' rules, so the server
 * judges a collection entry exactly as a client that pinned those chains would. A person without an
 * account here resolves to nothing, which the chain rules refuse.
 */
import type { Kysely } from 'kysely';
import { keyOf } from '../../shared/chains/chain-link';
import type { IdentityResolver } from '../../shared/chains/collection-chain';
import type { CollectionBody, Entry } from '../../shared/chains/entry';
import { validateIdentityChain, type IdentityState } from '../../shared/chains/identity-chain';
import type { Database } from './schema';

/** Every identity id a collection entry names. */
export function identitiesNamed(body: CollectionBody): Uint8Array[] {
  const named = [body.author.identity];
  switch (body.op) {
    case 'genesis':
      return [...named, body.args.owner, ...body.args.seals.map((seal) => seal.identity)];
    case 'rotate-key':
      return [...named, ...body.args.seals.map((seal) => seal.identity)];
    case 'add-member':
    case 'change-role':
    case 'remove-member':
      return [...named, body.args.identity];
    case 'policy':
      return named;
  }
}

/** A resolver over the stored, validated identity chains of everyone `entries` name. */
export async function loadIdentityResolver(db: Kysely<Database>, entries: readonly Entry[]): Promise<IdentityResolver> {
  const wanted = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (entry.body.chain !== 'collection') continue;
    for (const id of identitiesNamed(entry.body)) wanted.set(keyOf(id), id);
  }
  const states = new Map<string, IdentityState>();
  for (const [key, id] of wanted) {
    const rows = await db
      .selectFrom('identity_chain_entries')
      .select('entry')
      .where('account_id', '=', Buffer.from(id))
      .orderBy('seq')
      .execute();
    if (rows.length > 0) states.set(key, validateIdentityChain(rows.map((row) => new Uint8Array(row.entry))));
  }
  return (identityId) => states.get(keyOf(identityId));
}
