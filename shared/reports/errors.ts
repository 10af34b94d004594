/** Bad input to a report; `field` names what was wrong (`period.from`, `entries.3.minutes`), and so does the message. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError'
  readonly field: string

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`)
    this.field = field
  }
}
