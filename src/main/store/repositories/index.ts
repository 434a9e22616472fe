import type { Database } from 'better-sqlite3';
import { attemptsRepository } from './attempts';
import { auditRepository } from './audit';
import { eventsRepository } from './events';
import { notesRepository } from './notes';
import { postingsRepository } from './postings';
import { quarantineRepository } from './quarantine';

export function createRepositories(db: Database) {
  return {
    events: eventsRepository(db),
    postings: postingsRepository(db),
    attempts: attemptsRepository(db),
    notes: notesRepository(db),
    audit: auditRepository(db),
    quarantine: quarantineRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
