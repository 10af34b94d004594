/** `import licenses|contacts <file.csv>` (built through the mutators once they land in shared/mutations). */
import type { Db } from '../db/connect'

export async function importCsv(_db: Db, _kind: 'licenses' | 'contacts', _file: string): Promise<string> {
  throw new Error('import: not available yet')
}
