export * from './retry'
