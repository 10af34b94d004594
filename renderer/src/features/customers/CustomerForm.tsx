import { useEffect, useRef, useState, type FormEvent } from 'react'
import { v7 as uuidv7 } from 'uuid'
import { useMutate } from '../incidents/shared/useMutate'
import { teamLabel } from './list-model'
import { useDirectory } from '../directory/useDirectory'
import { ErrorLine } from '../../ui/ErrorLine'
import { FormActions } from '../../ui/FormActions'
import { Options } from '../../ui/Options'

/**
 * A new customer (customer.create) or changes to one (customer.update). The team is one of the signed-in
 * user's teams (an admin may also pick a team seen on other customers): the team decides who sees it.
 */
export function CustomerForm({
  teamIds,
  myTeams,
  existing,
  onCancel,
  onCreated,
  onSaved,
}: {
  teamIds: readonly string[]
  myTeams: readonly string[]
  existing?: { id: string; name: string; notes: string; teamId: string; version: number }
  onCancel: () => void
  onCreated?: (id: string) => void
  onSaved?: () => void
}) {
  const [name, setName] = useState(existing?.name ?? '')
  const [notes, setNotes] = useState(existing?.notes ?? '')
  const [picked, setTeamId] = useState(existing?.teamId ?? '')
  const { run, error, busy } = useMutate()
  const names = useDirectory()
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const teams = existing && !teamIds.includes(existing.teamId) ? [existing.teamId, ...teamIds] : teamIds
  // the teams can arrive after the form opened (an admin's come from the customers read so far): until one is
  // picked, the first one offered is the choice, as the select shows it
  const teamId = picked || teams[0] || ''
  const nameMissing = name.trim() === ''

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (nameMissing || !teamId) return
    if (existing) {
      const ok = await run('customer.update', {
        customerId: existing.id,
        baseVersion: existing.version,
        ...(name.trim() !== existing.name ? { name: name.trim() } : {}),
        ...(notes !== existing.notes ? { notes } : {}),
        ...(teamId !== existing.teamId ? { teamId } : {}),
      })
      if (ok) onSaved?.()
      return
    }
    const id = uuidv7()
    const ok = await run('customer.create', { id, name: name.trim(), teamId, notes })
    if (ok) onCreated?.(id)
  }

  const unchanged =
    existing !== undefined &&
    name.trim() === existing.name &&
    notes === existing.notes &&
    teamId === existing.teamId

  return (
    <form
      className="card customer-form"
      aria-label={existing ? 'Edit customer' : 'New customer'}
      onSubmit={(e) => void submit(e)}
    >
      <div className="row">
        <label className="field grow">
          <span>Name</span>
          <input
            ref={first}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameMissing && name !== ''}
            maxLength={200}
          />
        </label>
        <label className="field">
          <span>Team</span>
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)} disabled={teams.length <= 1}>
            {teams.length === 0 ? <option value="">No team</option> : null}
            <Options values={teams} label={(t) => teamLabel(t, myTeams, names)} />
          </select>
        </label>
      </div>
      <label className="field">
        <span>Notes</span>
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={5000} />
      </label>
      {teams.length === 0 ? (
        <p className="error">
          You belong to no team, so you can’t create a customer: ask an admin to add you to one.
        </p>
      ) : null}
      <ErrorLine error={error} />
      <FormActions
        submit={existing ? 'Save customer' : 'Create customer'}
        disabled={busy || nameMissing || !teamId || unchanged}
        onCancel={onCancel}
      />
    </form>
  )
}
