export * from './session-answers'
