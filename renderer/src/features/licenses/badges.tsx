import { installStateLabel, type InstallState } from './model'

/** R-ST-5: "legacy" once two later majors exist; "older" hotfix-less but not legacy; nothing for the current. */
export function VersionBadge({ badge }: { badge: 'current' | 'older' | 'legacy' }) {
  if (badge === 'current') return null
  return (
    <span
      className={`pill lic-${badge === 'legacy' ? 'warn' : 'muted'}`}
      title={
        badge === 'legacy'
          ? 'Legacy: two later major versions exist (R-ST-5)'
          : 'An older major: hotfixes exist only for the current one (R-ST-5)'
      }
    >
      {badge}
    </span>
  )
}

const tone: Record<InstallState, string> = {
  none: 'muted',
  ok: 'ok',
  migrating: 'warn',
  'suspected-fraud': 'danger',
}

export function InstallStatePill({ state }: { state: InstallState }) {
  return (
    <span className={`pill lic-${tone[state]}`} data-testid="install-state">
      {installStateLabel[state]}
    </span>
  )
}
