/**
 * Test helper: a fresh, isolated fake IndexedDB per database (fake-indexeddb), so tests never share state.
 * Only imported by tests.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import {
  CaseloadDb,
  openCaseloadDatabases,
  type CaseloadDatabases,
  type CaseloadDbOptions,
} from '../db/database'

let counter = 0

export function freshIdb(): { indexedDB: IDBFactory; IDBKeyRange: typeof globalThis.IDBKeyRange } {
  return { indexedDB: new IDBFactory(), IDBKeyRange: IDBKeyRange as unknown as typeof globalThis.IDBKeyRange }
}

export function testDb(options: Omit<CaseloadDbOptions, 'indexedDB' | 'IDBKeyRange'> = {}): CaseloadDb {
  return new CaseloadDb(`test-${++counter}`, { ...freshIdb(), ...options })
}

export function testDatabases(idb = freshIdb(), name = `test-${++counter}`): CaseloadDatabases {
  return openCaseloadDatabases(name, idb)
}
