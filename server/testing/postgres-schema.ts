/**
 * Test support: a fresh PostgreSQL schema per test file on the TEST_DATABASE_URL server, created
 * before and dropped (cascade) after, so runs never see each other's tables. Returns the connection
 * URL with `search_path` set to that schema.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export function usePostgresSchema(baseUrl: string): () => string {
  const schema = `vault_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  beforeAll(() => admin(`create schema ${schema}`));
  afterAll(() => admin(`drop schema ${schema} cascade`));
  return () => {
    const url = new URL(baseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  };
}
