import { describe, expect, it, vi } from 'vitest'
import { printWindowToPdf, type PrintDeps } from './print-pdf'

const pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46])

function deps(overrides: Partial<PrintDeps> = {}) {
  const printToPDF = vi.fn(async () => pdfBytes)
  const writeFile = vi.fn(async () => undefined)
  const askWhere = vi.fn(async () => ({ canceled: false, filePath: '/home/me/statement.pdf' }))
  return {
    printToPDF,
    writeFile,
    askWhere,
    deps: {
      window: { isDestroyed: () => false, webContents: { printToPDF } },
      askWhere,
      writeFile,
      ...overrides,
    },
  }
}

describe('printWindowToPdf', () => {
  it('prints the window on A4 with the print stylesheet, asks where, and writes the PDF there', async () => {
    const d = deps()
    await expect(printWindowToPdf(d.deps, { fileName: 'statement.pdf' })).resolves.toEqual({
      ok: true,
      savedTo: '/home/me/statement.pdf',
    })
    expect(d.printToPDF).toHaveBeenCalledWith({
      printBackground: true,
      pageSize: 'A4',
      preferCSSPageSize: true,
    })
    expect(d.askWhere).toHaveBeenCalledWith('statement.pdf')
    expect(d.writeFile).toHaveBeenCalledWith('/home/me/statement.pdf', pdfBytes)
  })

  it('writes nothing when the user cancels the dialog', async () => {
    const d = deps()
    d.askWhere.mockResolvedValueOnce({ canceled: true, filePath: '' })
    await expect(printWindowToPdf(d.deps, { fileName: 'statement.pdf' })).resolves.toEqual({
      ok: false,
      reason: 'cancelled',
    })
    expect(d.writeFile).not.toHaveBeenCalled()
  })

  it('says why when the file cannot be written, or the window is gone', async () => {
    const d = deps()
    d.writeFile.mockRejectedValueOnce(new Error('EACCES: permission denied'))
    await expect(printWindowToPdf(d.deps, { fileName: 'statement.pdf' })).resolves.toEqual({
      ok: false,
      reason: 'EACCES: permission denied',
    })
    const closed = deps({ window: null })
    await expect(printWindowToPdf(closed.deps, { fileName: 'statement.pdf' })).resolves.toMatchObject({
      ok: false,
    })
    expect(closed.printToPDF).not.toHaveBeenCalled()
  })
})
