import { useState } from 'react'
import { RowOptions } from '../../ui/Options'
import type { Reason } from '@shared/domain'
import { formatInstant } from '../incidents/shared/format'
import { useMutate } from '../incidents/shared/useMutate'
import { transferCheck } from './model'
import type { LicenseData } from './useLicenseData'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * R-ST-9: a license moves to another organisation only with the vendor's written consent, recorded first. The
 * check runs here before anything is sent, so a refusal says the rule and what to do at once.
 */
export function Transfer({ data }: { data: LicenseData }) {
  const { run, error, busy } = useMutate()
  const l = data.license
  const [to, setTo] = useState('')
  const [reference, setReference] = useState('')
  const [refusal, setRefusal] = useState<Reason[] | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const others = data.customers.filter((c) => c.id !== l.customerId)
  const nameOf = (id: string) => data.customers.find((c) => c.id === id)?.name ?? 'another customer'
  const consent = l.transferConsent

  return (
    <section className="card" aria-labelledby="transfer-title">
      <h3 id="transfer-title">Transfer</h3>
      {consent ? (
        <p data-testid="transfer-consent">
          Written consent recorded for <strong>{nameOf(consent.toCustomerId)}</strong>: {consent.reference} (
          {formatInstant(consent.recordedAt)}).
        </p>
      ) : (
        <p className="muted small" data-testid="transfer-consent">
          No transfer consent recorded. A license moves to another organisation only with the vendor&apos;s
          written consent (R-ST-9).
        </p>
      )}
      <div className="lic-grid lic-grid-wide">
        <label className="field">
          <span>Transfer to</span>
          <select
            value={to}
            onChange={(e) => {
              setTo(e.target.value)
              setRefusal(null)
              setDone(null)
            }}
          >
            <RowOptions rows={others} none="Choose a customer…" label={(c) => c.name} />
          </select>
        </label>
        <label className="field">
          <span>Consent reference</span>
          <input
            value={reference}
            placeholder="e.g. vendor letter of 2026-04-02"
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
      </div>
      <div className="actions">
        <button
          type="button"
          className="ghost"
          disabled={busy || !to || !reference.trim()}
          title={!to || !reference.trim() ? 'Choose the customer and enter the consent reference' : undefined}
          onClick={() =>
            void run('license.recordTransferConsent', {
              licenseId: l.id,
              toCustomerId: to,
              reference: reference.trim(),
            }).then((ok) => {
              if (ok) {
                setReference('')
                setRefusal(null)
              }
            })
          }
        >
          Record consent
        </button>
        <button
          type="button"
          disabled={busy || !to}
          onClick={() => {
            setDone(null)
            const check = transferCheck(l, to)
            if (!check.allowed) {
              setRefusal(check.reasons)
              return
            }
            setRefusal(null)
            const name = nameOf(to)
            void run('license.transfer', { licenseId: l.id, toCustomerId: to }).then((ok) => {
              if (ok) {
                setDone(`Transferred to ${name}.`)
                setTo('')
              }
            })
          }}
        >
          Transfer license
        </button>
      </div>
      {refusal ? (
        <div className="notice warn" role="alert" data-testid="transfer-refused">
          <strong>Transfer refused.</strong>
          <ul className="reasons">
            {refusal.map((r) => (
              <li key={r.message}>
                <code className="rule">{r.ruleId}</code> {r.message}
              </li>
            ))}
          </ul>
          <p className="small">
            What to do: get the vendor&apos;s written consent for {nameOf(to)}, enter its reference and press
            “Record consent”, then transfer.
          </p>
        </div>
      ) : null}
      {done ? (
        <p className="lic-done" role="status">
          {done}
        </p>
      ) : null}
      <ErrorLine error={error} />
    </section>
  )
}
