import type { Database } from 'better-sqlite3';
import type { Note, NoteKind } from '../../../shared/domain';

const NOTE_COLUMNS = 'id, posting_id AS postingId, kind, author, body, created_at AS createdAt';

export function notesRepository(db: Database) {
  const insert = db.prepare<[number, string, string, string, number], Note>(
    `INSERT INTO notes (posting_id, kind, author, body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${NOTE_COLUMNS}`,
  );
  const forPosting = db.prepare<[number], Note>(
    `SELECT ${NOTE_COLUMNS} FROM notes WHERE posting_id = ? ORDER BY id`,
  );
  return {
    add(postingId: number, kind: NoteKind, author: string, body: string, now: number): Note {
      const note = insert.get(postingId, kind, author, body, now);
      if (!note) throw new Error('note insert returned no row');
      return note;
    },
    forPosting: (postingId: number): Note[] => forPosting.all(postingId),
  };
}
export type NotesRepository = ReturnType<typeof notesRepository>;
