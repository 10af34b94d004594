/**
 * Runs a pass (fetch new mail, send what is due) one at a time: a kick while a pass runs asks for one more pass
 * right after it rather than a second one at once, and any number of such kicks make one more pass, not many.
 * The pass handles its own errors (it logs them and leaves the next kick to try again).
 */
export class OnePassAtATime {
  private running: Promise<void> | undefined
  private again = false

  constructor(
    private readonly pass: () => Promise<void>,
    /** true once the owner stops: no further pass starts, the one under way finishes */
    private readonly stopped: () => boolean,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true
      return
    }
    this.running = (async () => {
      do {
        this.again = false
        await this.pass()
      } while (this.again && !this.stopped())
    })().finally(() => (this.running = undefined))
  }

  /** resolves when the pass under way (and the one it was asked for) is done */
  async settled(): Promise<void> {
    await this.running
  }
}
