export * from './http'
