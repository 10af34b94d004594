/**
 * Every mutator of the product, by name. A mutation names one of these and the version (`mv`) it was made with;
 * `applyMutation` runs the current version, upgrades a supported older one (`legacy`), and refuses any other as
 * `unsupported-version` ("update Caseload").
 */
import {
  anomalyAcceptEstimate,
  anomalyClassify,
  anomalyDeclineEstimate,
  anomalyEstimateCost,
  anomalyLinkPatch,
  anomalyReport,
  anomalySendEstimate,
} from './anomalies'
import { calendarSave, planSave } from './catalog'
import { contactAdd, contactRemove, contactSetNamed, contactUpdate } from './contacts'
import { customerCreate, customerUpdate } from './customers'
import {
  incidentAssign,
  incidentChooseOverAllowanceAction,
  incidentComment,
  incidentEscalate,
  incidentOpen,
  incidentPauseSla,
  incidentReopen,
  incidentResolve,
  incidentRespond,
  incidentResumeSla,
  incidentSetSeverity,
  incidentSetStatus,
} from './incidents'
import { installationRecord, installationRecordFraudStep, installationRetire } from './installations'
import { kbCreate, kbCreateFromIncident, kbLink, kbUpdate } from './kb'
import { licenseAdd, licenseRecordTransferConsent, licenseTransfer } from './licenses'
import type { z } from 'zod'
import type { AnyMutator } from './mutator'
import { remoteAccessGrant, remoteAccessRevoke } from './remote-access'
import {
  subscriptionBuy,
  subscriptionCancel,
  subscriptionReinstate,
  subscriptionRenew,
} from './subscriptions'
import { supportPackPurchase } from './support-packs'
import { timeEntryDelete, timeEntryEdit, timeEntryLog, timeEntryOverrideBillable } from './time-entries'

export type MutatorRegistry = Readonly<Record<string, AnyMutator>>

const all = [
  customerCreate,
  customerUpdate,
  contactAdd,
  contactUpdate,
  contactSetNamed,
  contactRemove,
  licenseAdd,
  licenseRecordTransferConsent,
  licenseTransfer,
  installationRecord,
  installationRetire,
  installationRecordFraudStep,
  subscriptionBuy,
  subscriptionRenew,
  subscriptionReinstate,
  subscriptionCancel,
  incidentOpen,
  incidentAssign,
  incidentSetSeverity,
  incidentSetStatus,
  incidentPauseSla,
  incidentResumeSla,
  incidentComment,
  incidentRespond,
  incidentResolve,
  incidentReopen,
  incidentChooseOverAllowanceAction,
  incidentEscalate,
  timeEntryLog,
  timeEntryEdit,
  timeEntryDelete,
  timeEntryOverrideBillable,
  supportPackPurchase,
  anomalyReport,
  anomalyClassify,
  anomalyEstimateCost,
  anomalySendEstimate,
  anomalyAcceptEstimate,
  anomalyDeclineEstimate,
  anomalyLinkPatch,
  remoteAccessGrant,
  remoteAccessRevoke,
  kbCreate,
  kbCreateFromIncident,
  kbLink,
  kbUpdate,
  planSave,
  calendarSave,
] as const satisfies readonly AnyMutator[]

type Registered = (typeof all)[number]
/** the name of every mutator of the product */
export type MutatorName = Registered['name']
/** the mutator called `N` */
export type MutatorNamed<N extends MutatorName> = Extract<Registered, { name: N }>
/** the args of mutator `N` as a caller writes them: its schema's input (fields with a default may be left out) */
export type MutationArgs<N extends MutatorName> = z.input<MutatorNamed<N>['args']>
/** name → args of every mutator: what `engine.mutate(name, args)` checks a call against */
export type MutationArgsMap = { [N in MutatorName]: MutationArgs<N> }
/** one call of a mutation map `M`, its args typed by its name (a union over the names) */
export type MutationCallOf<M> = { [N in keyof M & string]: { name: N; args: M[N] } }[keyof M & string]
/** one call of any of the product's mutators: `{ name: 'incident.assign', args: { incidentId, assigneeId } }` */
export type TypedMutationCall = MutationCallOf<MutationArgsMap>

function byName(list: readonly AnyMutator[]): MutatorRegistry {
  const out: Record<string, AnyMutator> = {}
  for (const m of list) {
    if (out[m.name]) throw new Error(`two mutators named ${m.name}`)
    out[m.name] = m
  }
  return Object.freeze(out)
}

export const mutators: MutatorRegistry = byName(all)

/** name → the versions this build accepts (current first), for clients and diagnostics. */
export const mutatorVersions: Readonly<Record<string, { current: number; accepted: number[] }>> =
  Object.freeze(
    Object.fromEntries(
      all.map((m) => [
        m.name,
        {
          current: m.version,
          accepted: [m.version, ...Object.keys(m.legacy ?? {}).map(Number)].sort((a, b) => b - a),
        },
      ]),
    ),
  )
