/**
 * Installations of a license (R-SA-1, R-ST-7): one active installation per license unless it includes failover;
 * several are tolerated for 30 days of migration, then the license is suspected of fraud and the steps are
 * notify the customer, notify the fraud team, call the customer, disable the key. The state is derived by
 * `installationStatus` from the rows and the time; it comes back as flags, it is not stored.
 */
import type { Installation } from '@shared/domain'
import { installationStatus } from '@shared/policy'
import { z } from 'zod'
import { idSchema, instantSchema, textSchema, utc, type NewRow } from './common'
import { reject } from './errors'
import type { LicenseRow } from './licenses'
import { defineMutator, scopeOfRow, type RunResult } from './mutator'
import type { Row, Tx } from './tx'

export type InstallationRow = Installation & { customerId: string }

type Fraud = Installation['fraud']

/** The license's installation state now, as flags and reasons. */
export async function installationOutcome(tx: Tx, license: Row<LicenseRow>): Promise<RunResult> {
  const installations = await tx.query<InstallationRow>('installations', 'licenseId', license.id)
  const status = installationStatus({
    failover: license.failover,
    installations: installations.map((i) => ({
      id: i.id,
      firstSeen: i.firstSeen,
      retiredAt: i.retiredAt ?? null,
    })),
    now: tx.ctx.now,
  })
  if (status.state === 'ok') return { flags: [], reasons: status.reasons, actions: [] }
  return { flags: [status.state], reasons: status.reasons, actions: status.actions }
}

const recordArgs = z.object({
  id: idSchema,
  licenseId: idSchema,
  host: textSchema(300),
  /** when the key was first seen on this server (defaults to now) */
  firstSeen: instantSchema.optional(),
})

export const installationRecord = defineMutator({
  name: 'installation.record',
  version: 1,
  args: recordArgs,
  scope: (args, reader) => scopeOfRow(reader, 'licenses', args.licenseId, 'args.licenseId'),
  async run(tx, args, ctx) {
    const license = await tx.require<LicenseRow>('licenses', args.licenseId, 'args.licenseId', 'license')
    const prior = await tx.replayOf('installations', args.id, { licenseId: args.licenseId, host: args.host })
    if (!prior) {
      const firstSeen = utc(args.firstSeen ?? ctx.now)
      if (Date.parse(firstSeen) > Date.parse(ctx.now))
        reject('invalid', 'firstSeen is in the future.', 'args.firstSeen')
      const row: NewRow<InstallationRow> = {
        id: args.id,
        licenseId: license.id,
        customerId: license.customerId,
        host: args.host,
        firstSeen,
        lastSeen: null,
        retiredAt: null,
        fraud: {
          customerNotifiedAt: null,
          fraudTeamNotifiedAt: null,
          customerCalledAt: null,
          keyDisabledAt: null,
        },
      }
      await tx.insert('installations', row)
    }
    return installationOutcome(tx, license)
  },
})

const retireArgs = z.object({
  installationId: idSchema,
  /** when it stopped (defaults to now) */
  retiredAt: instantSchema.optional(),
})

/** The installation `args.installationId` names and the license it runs, or the mutation is refused naming that field. */
async function requireInstallation(
  tx: Tx,
  installationId: string,
): Promise<{ inst: Row<InstallationRow>; license: Row<LicenseRow> }> {
  const inst = await tx.require<InstallationRow>(
    'installations',
    installationId,
    'args.installationId',
    'installation',
  )
  const license = await tx.require<LicenseRow>('licenses', inst.licenseId, 'args.installationId', 'license')
  return { inst, license }
}

export const installationRetire = defineMutator({
  name: 'installation.retire',
  version: 1,
  args: retireArgs,
  scope: (args, reader) => scopeOfRow(reader, 'installations', args.installationId, 'args.installationId'),
  async run(tx, args, ctx) {
    const { inst, license } = await requireInstallation(tx, args.installationId)
    if (!inst.retiredAt) {
      const retiredAt = utc(args.retiredAt ?? ctx.now)
      if (Date.parse(retiredAt) < Date.parse(inst.firstSeen)) {
        reject(
          'invalid',
          `retiredAt is before the installation was first seen (${inst.firstSeen}).`,
          'args.retiredAt',
        )
      }
      await tx.update('installations', inst.id, { retiredAt })
    }
    return installationOutcome(tx, license)
  },
})

/** R-ST-7's steps, in order, and the field of `fraud` each one stamps. */
export const FRAUD_STEPS = ['notify-customer', 'notify-fraud-team', 'call-customer', 'disable-key'] as const
const stepField: Record<(typeof FRAUD_STEPS)[number], keyof Fraud> = {
  'notify-customer': 'customerNotifiedAt',
  'notify-fraud-team': 'fraudTeamNotifiedAt',
  'call-customer': 'customerCalledAt',
  'disable-key': 'keyDisabledAt',
}

const fraudArgs = z.object({
  installationId: idSchema,
  step: z.enum(FRAUD_STEPS),
})

export const installationRecordFraudStep = defineMutator({
  name: 'installation.recordFraudStep',
  version: 1,
  args: fraudArgs,
  scope: (args, reader) => scopeOfRow(reader, 'installations', args.installationId, 'args.installationId'),
  async run(tx, args, ctx) {
    const { inst, license } = await requireInstallation(tx, args.installationId)
    const fraud: Fraud = inst.fraud
    const field = stepField[args.step]
    if (fraud[field]) return installationOutcome(tx, license) // already recorded: the first time stands
    const state = await installationOutcome(tx, license)
    if (!state.flags?.includes('suspected-fraud')) {
      reject(
        'invalid-state',
        'This license is not suspected of fraud: there is nothing to record (R-ST-7).',
        'args.step',
      )
    }
    // the customer is always told first; the key is only disabled once customer and fraud team know (R-ST-7)
    const needs: Array<keyof Fraud> =
      args.step === 'disable-key'
        ? ['customerNotifiedAt', 'fraudTeamNotifiedAt']
        : args.step === 'notify-customer'
          ? []
          : ['customerNotifiedAt']
    const missing = needs.find((f) => !fraud[f])
    if (missing) {
      const step = FRAUD_STEPS.find((s) => stepField[s] === missing)
      reject('invalid-state', `Record "${step}" first (R-ST-7).`, 'args.step')
    }
    await tx.update('installations', inst.id, { fraud: { ...fraud, [field]: utc(ctx.now) } })
    if (args.step === 'disable-key') await tx.update('licenses', license.id, { keyDisabledAt: utc(ctx.now) })
    return state
  },
})
