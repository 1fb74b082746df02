/**
 * One attack suite: runs `body` against the real server on SQLite, and on PostgreSQL when
 * TEST_DATABASE_URL is set (server/testing/on-databases.ts), with a fresh person (three trusted
 * devices, person.ts) before each test and the server's database at hand for the lies.
 */
import { afterEach, beforeEach } from 'vitest';
import type { VaultDatabase } from '../../server/db/open-database';
import type { RunningServer } from '../../server/start-server';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { type Person, setUpPerson } from './person';

export interface AttackContext {
  person(): Person;
  database(): VaultDatabase;
  server(): RunningServer;
}

export function describeAttack(title: string, body: (context: AttackContext) => void): void {
  describeOnDatabases(`malicious server: ${title}`, (suite) => {
    let person: Person | undefined;
    beforeEach(async () => {
      person = await setUpPerson(suite.server());
    });
    afterEach(async () => {
      await person?.close();
      person = undefined;
    });
    body({
      person: () => {
        if (person === undefined) throw new Error('no person set up');
        return person;
      },
      database: suite.database,
      server: suite.server,
    });
  });
}
