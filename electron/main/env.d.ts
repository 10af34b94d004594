/** Build-time constants electron.vite.config.ts defines for the main process. */
interface ImportMetaEnv {
  /** the Caseload server this build talks to (CASELOAD_SERVER_URL at build time); the CSP names it */
  readonly VITE_CASELOAD_SERVER_URL?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
