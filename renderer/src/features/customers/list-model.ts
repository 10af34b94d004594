/**
 * The customers list: one row per customer with its team, the plan that speaks for it and that plan's status,
 * its named contacts against the cap ("2 of 3 named") and its open incidents; the search over them, and the
 * columns of its CSV export (exactly what the table shows).
 */
import type { CsvColumn } from '@shared/csv/write'
import type { Contact, Customer, IncidentStatus, Plan, Subscription } from '@shared/domain'
import type { Names } from '../directory/names'
import { shortId } from '../incidents/shared/format'
import { capDisplay, cappingPlan } from './contacts-model'
import {
  headlineSubscription,
  stateLabel,
  subscriptionState,
  type SubscriptionState,
} from './subscription-model'

/** Customers and contacts in the reader's alphabetical order. */
export const byName = (a: string, b: string): number => a.localeCompare(b)

export const OPEN_STATUSES: readonly IncidentStatus[] = ['new', 'open', 'waiting-on-customer']

export interface CustomerListRow {
  id: string
  name: string
  teamId: string
  team: string
  /** the headline subscription's plan, "No subscription" without one; "+N more" when there are several */
  plan: string
  state: SubscriptionState | null
  status: string
  named: number
  cap: number | null
  namedText: string
  openIncidents: number
}

/**
 * A team by the name the directory gives it, the signed-in user's own teams saying so. Before the directory is
 * fetched (or for a team this user may not see) only the id is known: its short form stands in.
 */
export function teamLabel(
  teamId: string,
  myTeams: readonly string[],
  names?: Pick<Names, 'teamName' | 'knowsTeam'>,
): string {
  if (names?.knowsTeam(teamId)) {
    const name = names.teamName(teamId)
    return myTeams.includes(teamId) ? `${name} (your team)` : name
  }
  if (myTeams.includes(teamId)) return myTeams.length === 1 ? 'Your team' : `Your team ${shortId(teamId)}`
  return `Team ${shortId(teamId)}`
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list) list.push(row)
    else out.set(k, [row])
  }
  return out
}

export function customerRows(input: {
  customers: readonly Pick<Customer, 'id' | 'name' | 'teamId'>[]
  contacts: readonly Pick<Contact, 'customerId' | 'named'>[]
  subscriptions: readonly Pick<Subscription, 'id' | 'customerId' | 'planId' | 'status' | 'start' | 'end'>[]
  /** customerId of every open incident (one per incident) */
  openIncidentCustomerIds: readonly string[]
  plans: ReadonlyMap<string, Plan>
  /** today's UTC date: the named-contact cap is judged on it, as contact.setNamed does */
  today: string
  /** today in the zone of a plan's calendar, where its subscriptions' dates are read (defaults to `today`) */
  todayOfPlan?: (planId: string) => string
  myTeams: readonly string[]
  /** team names (the directory) */
  names?: Pick<Names, 'teamName' | 'knowsTeam'>
}): CustomerListRow[] {
  const contacts = groupBy(input.contacts, (c) => c.customerId)
  const subs = groupBy(input.subscriptions, (s) => s.customerId)
  const open = new Map<string, number>()
  for (const id of input.openIncidentCustomerIds) open.set(id, (open.get(id) ?? 0) + 1)
  return input.customers
    .map((c) => {
      const mine = subs.get(c.id) ?? []
      const todayOf = (s: { planId: string }) => input.todayOfPlan?.(s.planId) ?? input.today
      const head = headlineSubscription(mine, todayOf)
      const state = head ? subscriptionState(head, todayOf(head)) : null
      const named = (contacts.get(c.id) ?? []).filter((x) => x.named).length
      const cap = cappingPlan(mine, input.plans, input.today)?.namedContactCap ?? null
      const planLabel = head ? (input.plans.get(head.planId)?.label ?? head.planId) : 'No subscription'
      return {
        id: c.id,
        name: c.name,
        teamId: c.teamId,
        team: teamLabel(c.teamId, input.myTeams, input.names),
        plan: mine.length > 1 ? `${planLabel} +${mine.length - 1} more` : planLabel,
        state,
        status: state ? stateLabel[state] : '—',
        named,
        cap,
        namedText: capDisplay(named, cap),
        openIncidents: open.get(c.id) ?? 0,
      }
    })
    .sort((a, b) => byName(a.name, b.name) || (a.id < b.id ? -1 : 1))
}

/** Every word of the search must appear in the name, team, plan or status (case and accents ignored). */
export function searchCustomers(rows: readonly CustomerListRow[], search: string): CustomerListRow[] {
  const fold = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
  const words = fold(search).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...rows]
  return rows.filter((r) => {
    const text = fold(`${r.name} ${r.team} ${r.plan} ${r.status}`)
    return words.every((w) => text.includes(w))
  })
}

export const customerCsvColumns: ReadonlyArray<CsvColumn<CustomerListRow>> = [
  { header: 'Name', value: (r) => r.name },
  { header: 'Team', value: (r) => r.team },
  { header: 'Plan', value: (r) => r.plan },
  { header: 'Status', value: (r) => r.status },
  { header: 'Named contacts', value: (r) => r.namedText },
  { header: 'Open incidents', value: (r) => r.openIncidents },
]
