/** The period controls' default: the calendar month of today, as the user's own computer dates it. */
export function currentMonth(now: Date): { from: string; to: string } {
  const y = now.getFullYear()
  const m = now.getMonth()
  const iso = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  return { from: iso(new Date(y, m, 1)), to: iso(new Date(y, m + 1, 0)) }
}

/** A problem with the period the user typed, in words, or null. */
export function periodProblem(from: string, to: string): string | null {
  const date = /^\d{4}-\d{2}-\d{2}$/
  if (!date.test(from)) return 'From: enter a date.'
  if (!date.test(to)) return 'To: enter a date.'
  if (to < from) return 'To: the period ends before it starts.'
  return null
}
