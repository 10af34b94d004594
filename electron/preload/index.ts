/**
 * The preload: exposes one object, window.caseload, typed by the DesktopApi contract. Every method is
 * one named IPC call (main checks the sender and the arguments); the renderer never sees ipcRenderer.
 * Built as CommonJS (out/preload/index.cjs) because sandboxed preloads cannot be ES modules; in the
 * sandbox only `electron`'s renderer modules are available, so everything else is bundled in.
 */
import { contextBridge } from 'electron'
import { createDesktopApi, type OnlineSource } from './desktop-api'

contextBridge.exposeInMainWorld('caseload', createDesktopApi(globalThis as unknown as OnlineSource))
