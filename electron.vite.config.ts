/**
 * electron-vite: main (ES module, out/main/index.js = package.json "main"), preload (CommonJS,
 * out/preload/index.cjs: a sandboxed preload cannot be an ES module) and the renderer (out/renderer).
 * Main and preload bundle everything they import, so the packaged app needs no node_modules.
 *
 * CASELOAD_SERVER_URL (default: the local server `npm start` runs) is fixed at build time for the renderer
 * and for main together: the renderer talks to it and main's Content-Security-Policy allows only it.
 */
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { defaultServerUrl } from './shared/security/content-security-policy'

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const alias = { '@shared': fromRoot('./shared') }
const serverUrl = process.env.CASELOAD_SERVER_URL || defaultServerUrl
const define = { 'import.meta.env.VITE_CASELOAD_SERVER_URL': JSON.stringify(serverUrl) }

/**
 * electron-vite makes production asset URLs relative ('./assets/…'), which breaks on a deep link such as
 * app://caseload/incidents/42 (the protocol serves index.html there). app:// is a standard scheme with a
 * real host, so absolute URLs ('/assets/…') are right; this runs after electron-vite's preset.
 */
const absoluteBase: Plugin = {
  name: 'caseload:absolute-base',
  enforce: 'post',
  config: () => ({ base: '/' }),
}

export default defineConfig({
  main: {
    resolve: { alias },
    define,
    build: {
      outDir: fromRoot('./out/main'),
      externalizeDeps: false,
      lib: { entry: fromRoot('./electron/main/index.ts'), formats: ['es'], fileName: () => 'index.js' },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: fromRoot('./out/preload'),
      externalizeDeps: false,
      lib: { entry: fromRoot('./electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    },
  },
  renderer: {
    root: fromRoot('./renderer'),
    plugins: [react(), absoluteBase],
    resolve: { alias },
    define,
    build: {
      outDir: fromRoot('./out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: fromRoot('./renderer/index.html') },
    },
  },
})
