/** Minutes as hours and minutes, `7:05`, the way a statement bills them; negative for an overdrawn balance. */
export function hoursMinutes(minutes: number): string {
  const sign = minutes < 0 ? '-' : ''
  const m = Math.round(Math.abs(minutes))
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`
}

/** A share as a whole percentage, or a dash when nothing is decided. */
export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 1000) / 10}%`
}
