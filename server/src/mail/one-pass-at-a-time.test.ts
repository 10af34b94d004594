import { describe, expect, it } from 'vitest'
import { OnePassAtATime } from './one-pass-at-a-time'

/** a pass that waits until the test lets it finish, counting how many ran and how many at once */
function gatedPasses() {
  const gates: (() => void)[] = []
  let started = 0
  let atOnce = 0
  let mostAtOnce = 0
  const pass = async () => {
    started++
    atOnce++
    mostAtOnce = Math.max(mostAtOnce, atOnce)
    await new Promise<void>((resolve) => gates.push(resolve))
    atOnce--
  }
  const finishOne = async () => {
    for (let i = 0; i < 10 && gates.length === 0; i++) await Promise.resolve()
    gates.shift()?.()
  }
  return { pass, finishOne, started: () => started, mostAtOnce: () => mostAtOnce }
}

describe('OnePassAtATime', () => {
  it('kicks during a pass make exactly one more pass after it, never two at once', async () => {
    const g = gatedPasses()
    const runner = new OnePassAtATime(g.pass, () => false)
    runner.kick()
    runner.kick()
    runner.kick()
    expect(g.started()).toBe(1)
    await g.finishOne()
    await g.finishOne()
    await runner.settled()
    expect(g.started()).toBe(2)
    expect(g.mostAtOnce()).toBe(1)
    runner.kick()
    await g.finishOne()
    await runner.settled()
    expect(g.started()).toBe(3)
  })

  it('once stopped, the pass under way finishes and the one asked for is not started', async () => {
    const g = gatedPasses()
    let stopped = false
    const runner = new OnePassAtATime(g.pass, () => stopped)
    runner.kick()
    runner.kick()
    stopped = true
    await g.finishOne()
    await runner.settled()
    expect(g.started()).toBe(1)
  })
})
