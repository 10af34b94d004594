/**
 * Group commit for pushes on SQLite. With synchronous=FULL every commit writes its pages to the WAL and waits for
 * an fsync; when several clients push at once, their batches can share one commit:
 *  - the first push opens the write transaction and runs its batch; before committing it yields to the event
 *    loop once, and pushes that arrived meanwhile run their batches in the same transaction, one after another;
 *  - each batch runs inside its own SAVEPOINT: a batch that fails (a clientId of another user, a mutator bug the
 *    push then parks) is rolled back alone and only its request gets the error;
 *  - nobody is answered before the shared commit: a batch is acknowledged only once it is durable, and if the
 *    commit fails every batch of the group fails (each client retries; none was acknowledged).
 * Batches still run one at a time on the one write connection, so each reads the state the previous one left
 * (P5 holds in arrival order) and versions follow commit order. The pages every batch touches (the ends of the
 * audit log, of the tables' primary keys and version indexes, the counter) are written once per group, and the
 * fsync is paid once. A group takes at most `maxBatches` batches, so a steady stream still commits regularly.
 *
 * PostgreSQL needs none of this: each push has its own connection and transaction, and the database already
 * flushes concurrent commits together.
 */
import type { Kysely, Transaction } from 'kysely'
import type Sqlite from 'better-sqlite3'
import type { Database } from '../db/schema'

export type GroupWork<T> = (trx: Transaction<Database>) => Promise<T>

interface Member {
  work: GroupWork<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
}

interface Group {
  /** batches waiting to run in this group's transaction */
  queue: Member[]
  /** how many batches joined (the cap counts these) */
  joined: number
  /** false once the group has decided to commit */
  open: boolean
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

const nextTurnOfEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class GroupCommitter {
  private current: Group | undefined
  /** batches committed and the commits they took (how much grouping happens under a given load) */
  readonly stats = { commits: 0, batches: 0 }

  constructor(
    private readonly db: Kysely<Database>,
    /** the write connection under `db`: savepoints are plain statements on it, inside Kysely's transaction */
    private readonly handle: Sqlite.Database,
    private readonly maxBatches = 8,
  ) {}

  /** Runs `work` in a shared write transaction; resolves with its value once that transaction has committed. */
  run<T>(work: GroupWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const member: Member = { work, resolve: resolve as (value: unknown) => void, reject }
      const group = this.current
      if (group?.open && group.joined < this.maxBatches) {
        group.queue.push(member)
        group.joined++
      } else {
        this.start(member)
      }
    })
  }

  private start(first: Member): void {
    const group: Group = { queue: [first], joined: 1, open: true }
    this.current = group
    const succeeded: Array<{ member: Member; value: unknown }> = []
    let running: Member | undefined
    this.db
      .transaction()
      .execute(async (trx) => {
        for (;;) {
          running = group.queue.shift()
          if (running) {
            const outcome = await this.savepointed(trx, running)
            // a failed batch left nothing behind: its request can have its error now
            if (outcome.ok) succeeded.push({ member: running, value: outcome.value })
            else running.reject(outcome.error)
            running = undefined
            continue
          }
          if (group.joined >= this.maxBatches) break
          await nextTurnOfEventLoop()
          if (group.queue.length === 0) break
        }
        group.open = false
      })
      .then(
        () => {
          this.stats.commits++
          this.stats.batches += succeeded.length
          for (const s of succeeded) s.member.resolve(s.value)
        },
        (error: unknown) => {
          group.open = false
          // the transaction did not commit: nothing of this group is durable, so nobody is told it is
          for (const s of succeeded) s.member.reject(error)
          running?.reject(error)
          for (const m of group.queue) m.reject(error)
        },
      )
      .finally(() => {
        if (this.current === group) this.current = undefined
      })
  }

  private async savepointed(trx: Transaction<Database>, member: Member): Promise<Outcome> {
    this.handle.exec('savepoint push_batch')
    try {
      const value = await member.work(trx)
      this.handle.exec('release push_batch')
      return { ok: true, value }
    } catch (error) {
      // if rolling back fails the transaction is broken: the throw aborts the whole group
      this.handle.exec('rollback to push_batch')
      this.handle.exec('release push_batch')
      return { ok: false, error }
    }
  }
}
