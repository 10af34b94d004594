/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** the Caseload server this build talks to; the served CSP names the same origin */
  readonly VITE_CASELOAD_SERVER_URL?: string
  /** the app's version, defined at build time (package.json "version") */
  readonly VITE_CASELOAD_VERSION?: string
}
