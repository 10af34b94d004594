/**
 * "At risk" for many deadlines at one `now`: the rulebook's atRiskUntil is asked once per response calendar and
 * remembered, so the queue classifies 100,000 deadlines with two comparisons each and still says exactly what
 * shared/policy says (60 business minutes or fewer on the target's own calendar).
 */
import type { Calendar } from '@shared/domain'
import { atRiskUntil } from '@shared/policy'

export class RiskHorizon {
  private readonly until = new Map<string, number>()
  private readonly nowIso: string

  constructor(
    readonly now: number,
    private readonly calendars: Record<string, Calendar> = {},
  ) {
    this.nowIso = new Date(now).toISOString()
  }

  /**
   * The latest due time that is at risk at `now` on this calendar (null: the plan is not known here yet). A
   * calendar this copy has not received yet is counted as 24x7: it can only be sooner, never later, than the truth.
   */
  untilOn(calendarId: string | null): number {
    const id = calendarId ?? 'always'
    let at = this.until.get(id)
    if (at === undefined) {
      try {
        at = Date.parse(atRiskUntil(id, this.nowIso, { calendars: this.calendars }))
      } catch {
        at = Date.parse(atRiskUntil('always', this.nowIso))
      }
      this.until.set(id, at)
    }
    return at
  }
}
