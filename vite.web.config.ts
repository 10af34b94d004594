/**
 * Browser mode: the same renderer, served to any Chromium with the browser adapter of DesktopApi.
 * `npm run web` builds and serves it the way the desktop app serves it (strict CSP as a response header);
 * `npm run web:dev` is the hot-reloading variant for UI work (no CSP: Vite's dev client needs inline scripts).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { contentSecurityPolicy, defaultServerUrl } from './shared/security/content-security-policy.ts'

const serverUrl = process.env.CASELOAD_SERVER_URL || defaultServerUrl
const port = Number(process.env.CASELOAD_WEB_PORT || 5173)
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  plugins: [react()],
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  define: {
    'import.meta.env.VITE_CASELOAD_SERVER_URL': JSON.stringify(serverUrl),
    'import.meta.env.VITE_CASELOAD_VERSION': JSON.stringify(version),
  },
  build: {
    outDir: fileURLToPath(new URL(`./${process.env.CASELOAD_WEB_OUT_DIR || 'out/web'}`, import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port, strictPort: true },
  preview: {
    host: '127.0.0.1',
    port,
    strictPort: true,
    headers: {
      'Content-Security-Policy': contentSecurityPolicy({ serverUrl }),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  },
})
