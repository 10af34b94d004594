/**
 * `report sla --from --to` reads the incidents opened in its period; without an index on when an incident was
 * opened it read and parsed every incident ever kept. Both dialects get an index on the JSON field, with the
 * expression reports/rows.ts compares (`json_extract(data, '$.openedAt')` on SQLite, `data ->> 'openedAt'` on
 * PostgreSQL; the planner only uses an expression index for the same expression).
 */
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'

export function incidentOpenedAt(dialect: DialectName): Migration {
  return {
    async up(db: SchemaDb) {
      if (dialect === 'sqlite')
        await sql`create index incidents_opened_at on incidents (json_extract(data, '$.openedAt'))`.execute(
          db,
        )
      else await sql`create index incidents_opened_at on incidents ((data ->> 'openedAt'))`.execute(db)
    },
  }
}
