/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** the Caseload server this build talks to; the served CSP names the same origin */
  readonly VITE_CASELOAD_SERVER_URL?: string
}
