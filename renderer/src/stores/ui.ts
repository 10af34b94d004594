/**
 * UI state of the desk: the queue's view, search, sorting and filters, the selected row, and which overlay is
 * open. Never rows: those are read from Dexie with live queries.
 */
import { create } from 'zustand'
import type { ColumnFiltersState, SortingState } from '@tanstack/react-table'
import type { BulkReport } from '../features/incidents/queue/bulk'
import { emptySelection, type Selection } from '../features/incidents/queue/selection'

export type SavedViewId =
  'my-queue' | 'breaching-today' | 'over-allowance' | 'unassigned' | 'waiting' | 'all-open' | 'all'

export interface UiState {
  view: SavedViewId
  search: string
  sorting: SortingState
  columnFilters: ColumnFiltersState
  /** id of the highlighted queue row (j/k) */
  selectedId: string | null
  overlay: 'none' | 'palette' | 'shortcuts'
  /** the queue rows ticked for a bulk action (the palette's "Assign to…" acts on them too) */
  selection: Selection
  /** what the last bulk action did, with its Undo, until the next one or a dismissal */
  bulkReport: { report: BulkReport; summary: string } | null
  setView(view: SavedViewId): void
  setSearch(search: string): void
  setSorting(sorting: SortingState): void
  setColumnFilters(filters: ColumnFiltersState): void
  select(id: string | null): void
  open(overlay: UiState['overlay']): void
  setSelection(selection: Selection): void
  setBulkReport(report: UiState['bulkReport']): void
}

export const useUi = create<UiState>((set) => ({
  view: 'all-open',
  search: '',
  sorting: [{ id: 'responseDue', desc: false }],
  columnFilters: [],
  selectedId: null,
  overlay: 'none',
  selection: emptySelection,
  bulkReport: null,
  setView: (view) => set({ view }),
  setSearch: (search) => set({ search }),
  setSorting: (sorting) => set({ sorting }),
  setColumnFilters: (columnFilters) => set({ columnFilters }),
  select: (selectedId) => set({ selectedId }),
  open: (overlay) => set({ overlay }),
  setSelection: (selection) => set({ selection }),
  setBulkReport: (bulkReport) => set({ bulkReport }),
}))
