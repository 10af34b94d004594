/**
 * Writing a checked import: every row's mutations in ONE local transaction (engine.mutateAll), each with its own
 * outbox entry, so a file is imported whole or not at all. Every row was already run through the same mutators
 * on the same rows (import-check.ts); a refusal here can only come from a change made since, and then the
 * message names the row and nothing is written.
 */
import { columnOf, problemText, type ImportKind, type ImportRow } from '@shared/csv/import-rows'
import type { TypedMutationCall } from '@shared/mutations'
import type { MutateAllResult } from '../../data'

export interface ImportProgress {
  done: number
  total: number
}

export type ImportResult = { ok: true; message: string } | { ok: false; message: string }

/** the engine's mutateAll: calls typed by their mutators' schemas */
interface Mutating {
  mutateAll(
    calls: ReadonlyArray<TypedMutationCall>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<MutateAllResult>
}

export async function writeImport(
  engine: Mutating,
  kind: ImportKind,
  rows: readonly ImportRow[],
  onProgress: (p: ImportProgress) => void,
): Promise<ImportResult> {
  const calls = rows.flatMap((row) => row.calls.map((call) => ({ row, call })))
  const total = rows.length
  // about a hundred progress updates whatever the size, counted in rows (a row may be several mutations)
  const step = Math.max(1, Math.floor(calls.length / 100))
  let result: MutateAllResult
  try {
    result = await engine.mutateAll(
      calls.map(({ call }) => call),
      (done) => {
        if (done % step !== 0 && done !== calls.length) return
        const row = calls[done - 1]!.row
        onProgress({ done: rows.indexOf(row) + 1, total })
      },
    )
  } catch (error) {
    return {
      ok: false,
      message: `Nothing was imported: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
  if (!result.ok) {
    const line = calls[result.index]!.row.line
    const field = columnOf(kind, result.error.field)
    const problem = problemText({ line, ...(field ? { field } : {}), message: result.error.message })
    return { ok: false, message: `Nothing was imported: ${problem}` }
  }
  return { ok: true, message: `Imported ${total} ${kind}.` }
}
