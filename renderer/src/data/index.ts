/**
 * The renderer's data layer: the Dexie database and the sync engine. No React here.
 */
export * from './attachments'
export * from './db'
export * from './directory'
export * from './http'
export * from './mail-admin'
export * from './sync'
export * from './replies'
