export * from './files'
export * from './http'
export * from './uploads'
