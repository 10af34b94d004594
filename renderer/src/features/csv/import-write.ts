/**
 * Writing a checked import. The engine writes one mutation per local transaction (with its outbox entry) and has
 * no multi-mutation transaction, so all-or-nothing is kept this way: every row was already run through the same
 * mutators on the same rows (import-check.ts), so a write can only fail for a reason that arose since (a
 * concurrent change, a full disk). If one does, the rows already written are taken back where a mutator can
 * (contact.remove) and the message says exactly what was and wasn't written.
 */
import { columnOf, problemText, type ImportKind, type ImportRow } from '@shared/csv/import-rows'
import type { MutateResult } from '../../data'

export interface ImportProgress {
  done: number
  total: number
}

export type ImportResult = { ok: true; message: string } | { ok: false; message: string }

interface Mutating {
  mutate(name: string, args: unknown): Promise<MutateResult>
}

export async function writeImport(
  engine: Mutating,
  kind: ImportKind,
  rows: readonly ImportRow[],
  onProgress: (p: ImportProgress) => void,
): Promise<ImportResult> {
  const total = rows.length
  const step = Math.max(1, Math.floor(total / 100)) // about a hundred progress updates, whatever the size
  const written: ImportRow[] = []
  for (const row of rows) {
    let failure: string | null = null
    for (const call of row.calls) {
      try {
        const result = await engine.mutate(call.name, call.args)
        if (result.status === 'rejected') {
          const field = columnOf(kind, result.error.field)
          failure = problemText({
            line: row.line,
            ...(field ? { field } : {}),
            message: result.error.message,
          })
        }
      } catch (error) {
        failure = `line ${row.line}: ${error instanceof Error ? error.message : String(error)}`
      }
      if (failure) break
    }
    if (failure) return { ok: false, message: await takeBack(engine, kind, written, failure) }
    written.push(row)
    if (written.length % step === 0 || written.length === total) onProgress({ done: written.length, total })
  }
  return { ok: true, message: `Imported ${total} ${kind}.` }
}

async function takeBack(
  engine: Mutating,
  kind: ImportKind,
  written: readonly ImportRow[],
  failure: string,
): Promise<string> {
  if (written.length === 0) return `Nothing was imported: ${failure}`
  if (kind === 'contacts') {
    let undone = 0
    for (const row of [...written].reverse()) {
      const id = (row.calls[0]?.args as { id?: string } | undefined)?.id
      if (!id) continue
      try {
        const r = await engine.mutate('contact.remove', { contactId: id })
        if (r.status !== 'rejected') undone++
      } catch {
        // counted below: the message says how many stay
      }
    }
    if (undone === written.length)
      return `Nothing was imported (the ${undone} rows written were removed again): ${failure}`
    return `Stopped: ${failure}. ${written.length - undone} contacts could not be removed again; check the customers.`
  }
  const lines = written.map((r) => r.line)
  return `Stopped: ${failure}. Lines ${lines[0]}–${lines[lines.length - 1]} (${written.length} licenses) were written before it; there is no removal of a license to take them back, so fix that line and import the remaining rows only.`
}
