/** Where the e2e run's real server listens, and the demo users' password (playwright.config.ts starts it). */
export const apiPort = Number(process.env.CASELOAD_E2E_API_PORT || 4890)
export const e2eServerUrl = `http://127.0.0.1:${apiPort}`
export const e2eDemoPassword = process.env.CASELOAD_DEMO_PASSWORD || 'e2e-demo-password'
