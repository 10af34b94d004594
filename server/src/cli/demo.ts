/** `demo`: the demo organisation (built through the mutators once they land in shared/mutations). */
import type { Db } from '../db/connect'

export async function loadDemo(_db: Db, _options: { scale?: number | undefined }): Promise<string> {
  throw new Error('demo: not available yet')
}

export async function loadDemoIfEmpty(_db: Db): Promise<string | undefined> {
  return undefined
}
