/**
 * printToPdf for the renderer: prints the Caseload window with its print stylesheet (on the Reports screen that is
 * the statement alone) through webContents.printToPDF, asks where to save it with the system's save dialog, and
 * writes it there. The file name the renderer suggests is only a suggestion (checked in ipc.ts); the folder is
 * the user's choice. Dependencies are passed in, so it is tested without Electron.
 */
import type { PdfRequest, PdfResult } from '@shared/desktop/contract'

export interface PrintTarget {
  isDestroyed(): boolean
  webContents: {
    printToPDF(options: {
      printBackground: boolean
      pageSize: 'A4'
      preferCSSPageSize: boolean
    }): Promise<Uint8Array>
  }
}

export interface PrintDeps {
  window: PrintTarget | null
  /** the save dialog, attached to the window; resolves with the chosen path or cancelled */
  askWhere(defaultName: string): Promise<{ canceled: boolean; filePath?: string | undefined }>
  writeFile(path: string, data: Uint8Array): Promise<void>
}

export async function printWindowToPdf(deps: PrintDeps, request: PdfRequest): Promise<PdfResult> {
  if (!deps.window || deps.window.isDestroyed()) return { ok: false, reason: 'the Caseload window is closed' }
  // printed before the dialog opens, so the PDF is the screen as the user asked for it
  const pdf = await deps.window.webContents.printToPDF({
    printBackground: true,
    pageSize: 'A4',
    preferCSSPageSize: true,
  })
  const where = await deps.askWhere(request.fileName)
  if (where.canceled || !where.filePath) return { ok: false, reason: 'cancelled' }
  try {
    await deps.writeFile(where.filePath, pdf)
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
  return { ok: true, savedTo: where.filePath }
}
