import { defaultServerUrl } from '@shared/security/content-security-policy'

/**
 * The Caseload server this build talks to. The desktop build and `npm run web` pass it at build time
 * (CASELOAD_SERVER_URL), because the Content-Security-Policy served with the page must name the same origin.
 */
export const configuredServerUrl: string = import.meta.env.VITE_CASELOAD_SERVER_URL || defaultServerUrl
