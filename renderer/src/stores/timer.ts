/**
 * The running timer: one per engineer, kept in localStorage so it survives a reload or an app restart (its start
 * instant is all it needs). UI state: the time entry itself is written only when the timer stops.
 */
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'

export interface RunningTimer {
  incidentId: string
  subject: string
  /** ISO instant */
  startedAt: string
}

interface TimerState {
  /** by user id: two engineers sharing a machine each have their own */
  running: Record<string, RunningTimer>
  start(userId: string, timer: RunningTimer): void
  stop(userId: string): RunningTimer | null
}

export const useTimer = create<TimerState>()(
  persist(
    (set, get) => ({
      running: {},
      start: (userId, timer) => set({ running: { ...get().running, [userId]: timer } }),
      stop: (userId) => {
        const current = get().running[userId] ?? null
        const { [userId]: _gone, ...rest } = get().running
        set({ running: rest })
        return current
      },
    }),
    { name: 'caseload.timers', storage: createJSONStorage(() => localStorage) },
  ),
)

/** Whole minutes of a timer, at least one: a started timer always logs something. */
export function elapsedMinutes(startedAt: string, now: number): number {
  return Math.max(1, Math.round((now - Date.parse(startedAt)) / 60_000))
}
