export * from './refresher'
