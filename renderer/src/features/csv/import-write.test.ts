import { describe, expect, it } from 'vitest'
import type { ImportRow } from '@shared/csv/import-rows'
import type { TypedMutationCall } from '@shared/mutations'
import type { MutateAllResult } from '../../data'
import { writeImport, type ImportProgress } from './import-write'

const rows: ImportRow[] = [2, 3, 4].map((line) => ({
  line,
  customerId: 'c1',
  label: `row ${line}`,
  calls: [
    {
      name: 'contact.add',
      mv: 1,
      args: { id: `k${line}`, customerId: 'c1', name: `Contact ${line}`, email: `c${line}@example.test` },
    },
  ],
}))

function engineAnswering(answer: (calls: number) => MutateAllResult) {
  const seen: TypedMutationCall[][] = []
  return {
    seen,
    async mutateAll(
      calls: ReadonlyArray<TypedMutationCall>,
      onProgress?: (done: number, total: number) => void,
    ): Promise<MutateAllResult> {
      seen.push([...calls])
      const result = answer(calls.length)
      if (result.ok) calls.forEach((_, i) => onProgress?.(i + 1, calls.length))
      return result
    },
  }
}

describe('writeImport', () => {
  it('writes every row in one call and reports progress up to the last row', async () => {
    const engine = engineAnswering((n) => ({
      ok: true,
      results: Array.from({ length: n }, (_, i) => ({
        mid: i + 1,
        status: 'applied',
        flags: [],
        reasons: [],
      })),
    }))
    const progress: ImportProgress[] = []
    const result = await writeImport(engine, 'contacts', rows, (p) => progress.push(p))
    expect(result).toEqual({ ok: true, message: 'Imported 3 contacts.' })
    expect(engine.seen).toHaveLength(1)
    expect(engine.seen[0]!.map((c) => (c.args as { id: string }).id)).toEqual(['k2', 'k3', 'k4'])
    expect(progress.at(-1)).toEqual({ done: 3, total: 3 })
  })

  it('names the line and column of the refused row, and says nothing was imported', async () => {
    const engine = engineAnswering(() => ({
      ok: false,
      index: 1,
      error: { code: 'invalid-args', message: 'expected an email address', field: 'args.email' },
    }))
    const result = await writeImport(engine, 'contacts', rows, () => {})
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/^Nothing was imported: line 3/)
    expect(result.message).toContain('expected an email address')
  })

  it('says nothing was imported when the local write fails outright (a full disk)', async () => {
    const engine = {
      mutateAll: () => Promise.reject(new Error('Sync blocked: the disk is full.')),
    }
    expect(await writeImport(engine, 'licenses', rows, () => {})).toEqual({
      ok: false,
      message: 'Nothing was imported: Sync blocked: the disk is full.',
    })
  })
})
