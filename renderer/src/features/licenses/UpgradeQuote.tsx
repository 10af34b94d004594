import { useState, type FormEvent } from 'react'
import { upgradeQuote, type Quote, type QuoteInput } from './model'
import type { LicenseData } from './useLicenseData'

/** R-ST-8: the edition-upgrade price within a major, or why it is not an edition upgrade (and what a major costs). */
export function UpgradeQuote({ data, activeMaintenance }: { data: LicenseData; activeMaintenance: boolean }) {
  const l = data.license
  const [form, setForm] = useState({ toEdition: '', toMajor: String(l.major), fromPrice: '', toPrice: '' })
  const [quote, setQuote] = useState<Quote | null>(null)
  const input: QuoteInput = { ...form, fromEdition: l.edition, fromMajor: l.major, activeMaintenance }
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [key]: e.target.value }))
    setQuote(null)
  }
  const bad = quote?.kind === 'error' ? quote.field : null
  /** a price box: decimal keypad, marked when the quote names it as the input at fault */
  const priceField = (key: 'fromPrice' | 'toPrice', edition: string) => (
    <label className="field">
      <span>Price of {edition}</span>
      <input
        inputMode="decimal"
        value={form[key]}
        aria-invalid={bad === key || undefined}
        onChange={set(key)}
      />
    </label>
  )
  const listId = `editions-${l.id}`

  return (
    <section className="card" aria-labelledby="quote-title">
      <h3 id="quote-title">Upgrade quote</h3>
      <p className="muted small">
        From {l.edition} {l.major}. Prices come from the vendor&apos;s price list.
      </p>
      <form
        className="lic-grid"
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          setQuote(upgradeQuote(input))
        }}
      >
        <label className="field">
          <span>Target edition</span>
          <input
            list={listId}
            value={form.toEdition}
            aria-invalid={bad === 'toEdition' || undefined}
            onChange={set('toEdition')}
          />
          <datalist id={listId}>
            {data.editions.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Target major</span>
          <input
            type="number"
            min={l.major}
            step={1}
            value={form.toMajor}
            aria-invalid={bad === 'toMajor' || undefined}
            onChange={set('toMajor')}
          />
        </label>
        {priceField('fromPrice', l.edition)}
        {priceField('toPrice', form.toEdition.trim() || 'the target edition')}
        <div className="field">
          <button type="submit" className="ghost">
            Quote
          </button>
        </div>
      </form>
      {quote?.kind === 'error' ? (
        <p className="error" role="alert">
          {quote.message}
        </p>
      ) : null}
      {quote?.kind === 'quote' ? (
        <div className="lic-quote" data-testid="upgrade-quote" aria-live="polite">
          {quote.edition.ok ? (
            <p>
              <strong>Edition upgrade: {quote.edition.price.toFixed(2)}</strong>
            </p>
          ) : (
            <p>
              <strong>Not an edition upgrade.</strong>
            </p>
          )}
          <ul className="reasons">
            {quote.edition.reasons.map((r) => (
              <li key={r.message}>
                <code className="rule">{r.ruleId}</code> {r.message}
              </li>
            ))}
            {quote.version ? (
              <li>
                <code className="rule">{quote.version.ruleId}</code> {quote.version.reason}
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </section>
  )
}
