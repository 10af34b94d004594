import { useEffect, useRef, useState, type FormEvent, type Ref } from 'react'
import { FormActions } from '../../ui/FormActions'
import type { MailboxViewWire } from '@shared/protocol/mail-admin'
import { MailAdminRefusal, type MailAdminHttp } from '../../data'
import { Field } from '../../ui/Field'
import { FieldError, invalidProps } from '../catalog/FieldError'
import {
  defaultPort,
  emptyMailboxForm,
  fieldMessage,
  parseMailboxForm,
  type EndpointValues,
  type FieldErrors,
  type MailboxFormValues,
} from './mailbox-form'
import { errorMessage } from './useMailAdminApi'

const errId = (field: string) => `mailbox-error-${field.replace('.', '-')}`

function TextField({
  field,
  label,
  value,
  onChange,
  errors,
  type = 'text',
  autoComplete = 'off',
  inputRef,
  className = '',
}: {
  field: string
  label: string
  value: string
  onChange: (value: string) => void
  errors: FieldErrors
  type?: 'text' | 'password' | 'email'
  autoComplete?: string
  inputRef?: Ref<HTMLInputElement>
  className?: string
}) {
  return (
    <Field
      label={label}
      className={className}
      after={<FieldError id={errId(field)} message={errors[field]} />}
    >
      <input
        ref={inputRef}
        type={type}
        value={value}
        autoComplete={autoComplete}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        {...invalidProps(errId(field), errors[field])}
      />
    </Field>
  )
}

function EndpointFields({
  protocol,
  values,
  onChange,
  errors,
}: {
  protocol: 'imap' | 'smtp'
  values: EndpointValues
  onChange: (values: EndpointValues) => void
  errors: FieldErrors
}) {
  const name = protocol.toUpperCase()
  const optional = protocol === 'smtp' ? ' (optional)' : ''
  return (
    <fieldset className="mailbox-endpoint">
      <legend>{protocol === 'imap' ? 'IMAP (incoming)' : 'SMTP (outgoing)'}</legend>
      <div className="row">
        <TextField
          className="grow"
          field={`${protocol}.host`}
          label={`${name} host`}
          value={values.host}
          onChange={(host) => onChange({ ...values, host })}
          errors={errors}
        />
        <TextField
          className="port"
          field={`${protocol}.port`}
          label={`${name} port`}
          value={values.port}
          onChange={(port) => onChange({ ...values, port })}
          errors={errors}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={values.tls}
            onChange={(e) => {
              const tls = e.target.checked
              // the usual port follows the TLS choice unless the admin typed another one
              const port =
                values.port === defaultPort(protocol, values.tls) ? defaultPort(protocol, tls) : values.port
              onChange({ ...values, tls, port })
            }}
          />
          {name} TLS
        </label>
      </div>
      <div className="row">
        <TextField
          className="grow"
          field={`${protocol}.user`}
          label={`${name} user${optional}`}
          value={values.user}
          onChange={(user) => onChange({ ...values, user })}
          errors={errors}
        />
        <TextField
          className="grow"
          field={`${protocol}.password`}
          label={`${name} password${optional}`}
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(password) => onChange({ ...values, password })}
          errors={errors}
        />
      </div>
    </fieldset>
  )
}

/**
 * "Add mailbox": checked as typed values with the server's schema before it is sent; the server's refusal
 * (an address already used, a team gone) lands under the field it names. The passwords are in this form's
 * state only and are cleared once sent.
 */
export function MailboxForm({
  api,
  teams,
  onCancel,
  onAdded,
}: {
  api: MailAdminHttp
  teams: readonly { id: string; name: string }[]
  onCancel: () => void
  onAdded: (mailbox: MailboxViewWire) => void
}) {
  const [values, setValues] = useState<MailboxFormValues>(() => emptyMailboxForm(teams[0]?.id ?? ''))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])
  const errorList = Object.entries(errors).filter((e): e is [string, string] => e[1] !== undefined)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setFailure(null)
    const parsed = parseMailboxForm(values)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      return
    }
    setErrors({})
    setBusy(true)
    try {
      const added = await api.addMailbox(parsed.input)
      setValues((v) => ({ ...v, imap: { ...v.imap, password: '' }, smtp: { ...v.smtp, password: '' } }))
      onAdded(added)
    } catch (error) {
      if (error instanceof MailAdminRefusal && error.field) {
        // the server says "field: reason"; the field is already named by where it shows
        setErrors({ [error.field]: error.message.replace(/^[\w.]+: /, '') })
      } else setFailure(errorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card mailbox-form" aria-label="Add mailbox" noValidate onSubmit={(e) => void submit(e)}>
      <h3>Add mailbox</h3>
      <div className="row">
        <div>
          <Field label="Team">
            <select
              value={values.teamId}
              onChange={(e) => setValues({ ...values, teamId: e.target.value })}
              {...invalidProps(errId('teamId'), errors.teamId)}
            >
              {teams.length === 0 ? <option value="">No team</option> : null}
              {teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </Field>
          <FieldError id={errId('teamId')} message={errors.teamId} />
        </div>
        <TextField
          className="grow"
          inputRef={first}
          field="address"
          label="Address"
          type="email"
          value={values.address}
          onChange={(address) => setValues({ ...values, address })}
          errors={errors}
        />
        <TextField
          className="grow"
          field="displayName"
          label="Display name (optional)"
          value={values.displayName}
          onChange={(displayName) => setValues({ ...values, displayName })}
          errors={errors}
        />
      </div>
      <EndpointFields
        protocol="imap"
        values={values.imap}
        onChange={(imap) => setValues({ ...values, imap })}
        errors={errors}
      />
      <EndpointFields
        protocol="smtp"
        values={values.smtp}
        onChange={(smtp) => setValues({ ...values, smtp })}
        errors={errors}
      />
      <p className="muted small">
        Passwords are sent once, kept encrypted on the server and never shown again, here or anywhere.
      </p>
      {errorList.length > 0 ? (
        <div className="error" role="alert">
          <p>Check these fields:</p>
          <ul>
            {errorList.map(([field, message]) => (
              <li key={field}>{fieldMessage(field, message)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
      <FormActions
        submit={busy ? 'Adding…' : 'Add mailbox'}
        disabled={busy || teams.length === 0}
        onCancel={onCancel}
      />
    </form>
  )
}
