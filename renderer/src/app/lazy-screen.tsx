import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react'

/**
 * Screens other than the queue are loaded on first visit, so the first paint needs only the shell and the queue.
 * While a screen's chunk loads the desk shows a calm placeholder that appears only if the wait is noticeable
 * (app.css `.screen-loading`: no flash on a fast load); a chunk that can't be fetched (browser mode gone
 * offline, or a new build deployed meanwhile) says so with a retry instead of a blank screen.
 */

/** A screen's chunk could not be fetched: told apart from errors of the screen itself, which are not retried. */
export class ScreenLoadError extends Error {
  constructor(
    readonly screen: string,
    override readonly cause: unknown,
  ) {
    super(`The ${screen} screen could not be loaded.`)
    this.name = 'ScreenLoadError'
  }
}

export interface LazyScreen<P extends object> {
  (props: P): ReactNode
  /** fetches the chunk ahead of the first visit (never rejects: a failed preload is retried on the visit) */
  preload(): Promise<void>
}

export function lazyScreen<P extends object>(
  screen: string,
  load: () => Promise<ComponentType<P>>,
): LazyScreen<P> {
  let loading: Promise<ComponentType<P>> | null = null
  const start = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null // the next attempt fetches again
      throw new ScreenLoadError(screen, error)
    }))
  const make = () => lazy(async () => ({ default: await start() }))
  // React.lazy keeps a rejected load for good: a retry needs a new one
  let Loaded = make()

  function Screen(props: P) {
    const [attempt, setAttempt] = useState(0)
    const Current = Loaded
    return (
      <LoadBoundary
        key={attempt}
        onRetry={() => {
          Loaded = make()
          setAttempt((n) => n + 1)
        }}
      >
        <Suspense fallback={<ScreenLoading />}>
          <Current {...props} />
        </Suspense>
      </LoadBoundary>
    )
  }
  Screen.preload = () =>
    start().then(
      () => undefined,
      () => undefined,
    )
  return Screen
}

/** What a visit sees while the chunk loads: nothing for a moment, then a quiet line (no spinner, no flash). */
export function ScreenLoading() {
  return (
    <div className="page screen-loading" role="status" aria-busy="true">
      <p className="muted">Loading this screen…</p>
    </div>
  )
}

interface BoundaryProps {
  onRetry: () => void
  children: ReactNode
}

class LoadBoundary extends Component<BoundaryProps, { failed: ScreenLoadError | null; other: unknown }> {
  override state: { failed: ScreenLoadError | null; other: unknown } = { failed: null, other: null }

  static getDerivedStateFromError(error: unknown) {
    return error instanceof ScreenLoadError ? { failed: error, other: null } : { failed: null, other: error }
  }

  override render() {
    // not a load failure: the screen's own error goes on up, as it would without lazy loading
    if (this.state.other !== null) throw this.state.other
    const failed = this.state.failed
    if (!failed) return this.props.children
    return (
      <div className="page" role="alert">
        <p>{failed.message} Check the connection to the server that serves the app, then try again.</p>
        <button type="button" onClick={this.props.onRetry}>
          Try again
        </button>
      </div>
    )
  }
}
