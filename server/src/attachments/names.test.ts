import { describe, expect, it } from 'vitest'
import {
  contentDisposition,
  downloadContentType,
  isTextLike,
  sanitiseFileName,
  sanitiseMediaType,
} from './names'

describe('sanitiseFileName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(sanitiseFileName('server 2026-03-04.log')).toBe('server 2026-03-04.log')
    expect(sanitiseFileName('Übersicht.pdf')).toBe('Übersicht.pdf')
  })

  it('drops any directory part, POSIX or Windows, and leading dots', () => {
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd')
    expect(sanitiseFileName('C:\\Users\\me\\trace.log')).toBe('trace.log')
    expect(sanitiseFileName('..')).toBe('attachment')
    expect(sanitiseFileName('.bashrc')).toBe('bashrc')
  })

  it('removes control characters, header breakers and bidi overrides', () => {
    expect(sanitiseFileName('a\r\nX-Evil: 1.txt')).toBe('aX-Evil 1.txt')
    expect(sanitiseFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe')
    expect(sanitiseFileName('a"b;c<d>.log')).toBe('abcd.log')
  })

  it('never answers an empty name, and caps the length keeping the extension', () => {
    expect(sanitiseFileName('   ')).toBe('attachment')
    const long = sanitiseFileName(`${'x'.repeat(500)}.log`)
    expect(long).toHaveLength(200)
    expect(long.endsWith('.log')).toBe(true)
  })
})

describe('media types', () => {
  it('keeps a well-formed type without its parameters, else octet-stream', () => {
    expect(sanitiseMediaType('Text/Plain; charset=latin1')).toBe('text/plain')
    expect(sanitiseMediaType('not a type')).toBe('application/octet-stream')
    expect(sanitiseMediaType(undefined)).toBe('application/octet-stream')
  })

  it('treats .log, .txt, .csv, .json, .xml, text/*, JSON and XML as text', () => {
    expect(isTextLike('sor.log', 'application/octet-stream')).toBe(true)
    expect(isTextLike('notes.TXT', 'application/octet-stream')).toBe(true)
    expect(isTextLike('data.csv', 'text/csv')).toBe(true)
    expect(isTextLike('shot.png', 'image/png')).toBe(false)
    // what mail clients send logs and data as
    expect(isTextLike('export.CSV', 'application/octet-stream')).toBe(true)
    expect(isTextLike('config.json', 'application/octet-stream')).toBe(true)
    expect(isTextLike('settings.xml', 'application/octet-stream')).toBe(true)
    expect(isTextLike('payload', 'application/json')).toBe(true)
    expect(isTextLike('feed', 'application/xml')).toBe(true)
    expect(isTextLike('setup.exe', 'application/octet-stream')).toBe(false)
    expect(isTextLike('logo.svg', 'image/svg+xml')).toBe(false)
  })

  it('never serves a download as a page or a script', () => {
    expect(downloadContentType('x.html', 'text/html')).toBe('text/plain; charset=utf-8')
    expect(downloadContentType('x.svg', 'image/svg+xml')).toBe('application/octet-stream')
    // XML is read as text, never rendered (an XML document could carry script in a browser)
    expect(downloadContentType('x.xml', 'application/xml')).toBe('text/plain; charset=utf-8')
    expect(downloadContentType('x.js', 'application/javascript')).toBe('application/octet-stream')
    expect(downloadContentType('x.png', 'image/png')).toBe('image/png')
    expect(downloadContentType('x.log', 'application/octet-stream')).toBe('text/plain; charset=utf-8')
  })
})

describe('contentDisposition', () => {
  it('is an attachment with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Übersicht (1).pdf')).toBe(
      `attachment; filename="_bersicht (1).pdf"; filename*=UTF-8''%C3%9Cbersicht%20%281%29.pdf`,
    )
  })
})
