/** Saved views of the exception queue: a name and the filter + sort it stands for, as JSON. */
import type { Database } from 'better-sqlite3';
import { SavedViewQuery, type SavedView } from '../../../shared/commands/console';

interface ViewRow {
  id: number;
  name: string;
  query: string;
  createdBy: string;
  createdAt: number;
}

const COLUMNS = 'id, name, query, created_by AS createdBy, created_at AS createdAt';

export function savedViewsRepository(db: Database) {
  const all = db.prepare<[], ViewRow>(`SELECT ${COLUMNS} FROM saved_views ORDER BY name COLLATE NOCASE, id`);
  const upsert = db.prepare<[string, string, string, number, number], ViewRow>(
    `INSERT INTO saved_views (name, query, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET query = excluded.query, updated_at = excluded.updated_at
     RETURNING ${COLUMNS}`,
  );
  const remove = db.prepare<[number]>('DELETE FROM saved_views WHERE id = ?');

  // A view saved by an older build may hold a filter this build no longer accepts: it is skipped, not fatal.
  const toView = (row: ViewRow): SavedView | null => {
    const parsed = SavedViewQuery.safeParse(JSON.parse(row.query));
    return parsed.success ? { ...row, query: parsed.data } : null;
  };

  return {
    list: (): SavedView[] => all.all().flatMap((row) => toView(row) ?? []),
    save(name: string, query: SavedView['query'], actor: string, now: number): SavedView {
      const row = upsert.get(name, JSON.stringify(query), actor, now, now);
      const view = row && toView(row);
      if (!view) throw new Error('saved view upsert returned no row');
      return view;
    },
    delete: (id: number): boolean => remove.run(id).changes > 0,
  };
}
export type SavedViewsRepository = ReturnType<typeof savedViewsRepository>;
