import type { Database } from 'better-sqlite3';

export type ImportState = 'importing' | 'complete' | 'failed';

export interface ImportedFile {
  readonly id: number;
  readonly sha256: string;
  readonly source: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly state: ImportState;
  readonly rows: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly error: string | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

export interface ImportCounts {
  readonly rows: number;
  readonly imported: number;
  readonly quarantined: number;
  readonly duplicates: number;
}

const FILE_COLUMNS = `id, sha256, source, file_name AS fileName, size_bytes AS sizeBytes, state, rows, imported,
  quarantined, duplicates, error, started_at AS startedAt, finished_at AS finishedAt`;

/** Imported report files, one row per distinct file content, and the column mappings saved per source. */
export function importedFilesRepository(db: Database) {
  const bySha = db.prepare<[string], ImportedFile>(
    `SELECT ${FILE_COLUMNS} FROM imported_files WHERE sha256 = ?`,
  );
  const insert = db.prepare<[string, string, string, number, number], { id: number }>(
    `INSERT INTO imported_files (sha256, source, file_name, size_bytes, state, started_at)
     VALUES (?, ?, ?, ?, 'importing', ?) RETURNING id`,
  );
  const restart = db.prepare(
    `UPDATE imported_files SET state = 'importing', source = ?, file_name = ?, error = NULL, started_at = ?,
       finished_at = NULL WHERE id = ?`,
  );
  const finish = db.prepare(
    `UPDATE imported_files SET state = ?, rows = ?, imported = ?, quarantined = ?, duplicates = ?, error = ?,
       finished_at = ? WHERE id = ?`,
  );
  const recent = db.prepare<[number], ImportedFile>(
    `SELECT ${FILE_COLUMNS} FROM imported_files ORDER BY id DESC LIMIT ?`,
  );
  const getMapping = db.prepare<[string], { mapping: string }>(
    'SELECT mapping FROM import_mappings WHERE source = ?',
  );
  const putMapping = db.prepare(
    `INSERT INTO import_mappings (source, mapping, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  );
  const sources = db.prepare<[], { source: string }>('SELECT source FROM import_mappings ORDER BY source');
  const mappingRows = db.prepare<[], { source: string; updatedAt: number }>(
    'SELECT source, updated_at AS updatedAt FROM import_mappings ORDER BY source',
  );
  const mappingEntry = db.prepare<[string], { mapping: string; updatedAt: number }>(
    'SELECT mapping, updated_at AS updatedAt FROM import_mappings WHERE source = ?',
  );
  const deleteMapping = db.prepare('DELETE FROM import_mappings WHERE source = ?');

  return {
    findBySha: (sha256: string): ImportedFile | undefined => bySha.get(sha256),
    /** Starts (or restarts, after an interrupted import of the same content) the record of a file import. */
    begin(
      file: { sha256: string; source: string; fileName: string; sizeBytes: number },
      now: number,
    ): number {
      const existing = bySha.get(file.sha256);
      if (existing) {
        restart.run(file.source, file.fileName, now, existing.id);
        return existing.id;
      }
      const row = insert.get(file.sha256, file.source, file.fileName, file.sizeBytes, now);
      if (!row) throw new Error('imported file insert returned no id');
      return row.id;
    },
    /** Counts cover the file as a whole: a resumed import passes what earlier runs stored plus its own. */
    finish(id: number, state: ImportState, counts: ImportCounts, error: string | null, now: number): void {
      finish.run(state, counts.rows, counts.imported, counts.quarantined, counts.duplicates, error, now, id);
    },
    recent: (limit = 50): ImportedFile[] => recent.all(limit),
    getMapping(source: string): unknown {
      const row = getMapping.get(source);
      return row ? (JSON.parse(row.mapping) as unknown) : undefined;
    },
    saveMapping(source: string, mapping: unknown, now: number): void {
      putMapping.run(source, JSON.stringify(mapping), now);
    },
    mappingSources: (): string[] => sources.all().map((r) => r.source),
    /** The saved mappings' sources and when each was last saved, by source. */
    mappingList: (): { source: string; updatedAt: number }[] => mappingRows.all(),
    mappingEntry(source: string): { mapping: unknown; updatedAt: number } | undefined {
      const row = mappingEntry.get(source);
      return row ? { mapping: JSON.parse(row.mapping) as unknown, updatedAt: row.updatedAt } : undefined;
    },
    /** Files already imported with the mapping keep their rows; only the mapping goes. */
    deleteMapping: (source: string): boolean => deleteMapping.run(source).changes > 0,
  };
}
export type ImportedFilesRepository = ReturnType<typeof importedFilesRepository>;
