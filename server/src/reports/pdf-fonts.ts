/**
 * The statement PDF's fonts: DejaVu Sans, shipped in resources/fonts (Bitstream Vera licence, beside it) so a
 * server without system fonts still writes names such as "Zoë Łukasiewicz" right; pdfkit's built-in Helvetica
 * only knows Latin-1. DejaVu covers Latin, Greek and Cyrillic but no Chinese or Japanese: a character it has no
 * glyph for is written as U+FFFD (�), a visible mark that something could not be shown, rather than the empty
 * box or wrong letter a missing glyph gives.
 */
import { fileURLToPath } from 'node:url'

const fontsDir = new URL('../../../resources/fonts/', import.meta.url)

export const bodyFont = { name: 'Body', path: fileURLToPath(new URL('DejaVuSans.ttf', fontsDir)) }
export const boldFont = { name: 'Bold', path: fileURLToPath(new URL('DejaVuSans-Bold.ttf', fontsDir)) }

/** the part of pdfkit's current font (fontkit, not in its typings) that says which characters it can draw */
interface GlyphCoverage {
  _font?: { font?: { hasGlyphForCodePoint?: (codePoint: number) => boolean } }
}

/** Registers both fonts on `doc`. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(bodyFont.name, bodyFont.path)
  doc.registerFont(boldFont.name, boldFont.path)
}

/**
 * `text` as the current font can draw it: each character it has no glyph for replaced by U+FFFD (whitespace
 * and line breaks are left alone). Unchanged when the font can't say (not an embedded font).
 */
export function drawable(doc: PDFKit.PDFDocument & GlyphCoverage, text: string): string {
  const has = doc._font?.font?.hasGlyphForCodePoint
  if (typeof has !== 'function') return text
  const font = doc._font?.font
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    out += cp < 0x20 || /\s/u.test(ch) || has.call(font, cp) ? ch : '\ufffd'
  }
  return out
}
