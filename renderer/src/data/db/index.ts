export * from './database'
export * from './dexie-store'
export * from './schema'
export type * from './types'
