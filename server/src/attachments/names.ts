/**
 * What a client says about a file is untrusted: its name ends up in a Content-Disposition header and on screens,
 * its media type in a Content-Type header. Both are cleaned here, once, before they are stored.
 */

const maxNameLength = 200

/**
 * A file name safe to store and to send back: no directory part (Windows or POSIX), no control characters, no
 * characters that break a header or a shell, no leading dots (hidden files, `..`), at most 200 characters with
 * the extension kept. Never empty: a name that cleans to nothing becomes "attachment".
 */
export function sanitiseFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? ''
  let name = base
    // controls (C0, DEL, C1), bidi overrides that can disguise an extension, and characters Windows forbids
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069<>:"|?*;]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim()
  if (name.length > maxNameLength) {
    const dot = name.lastIndexOf('.')
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : ''
    name = name.slice(0, maxNameLength - ext.length) + ext
  }
  return name || 'attachment'
}

/** `type/subtype` with RFC 6838 characters; parameters (charset…) are dropped, the type is lower-cased */
const mediaTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/

/** The stored media type: the client's if it is well formed, else application/octet-stream. */
export function sanitiseMediaType(raw: string | undefined): string {
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase()
  return mediaTypePattern.test(type) ? type : 'application/octet-stream'
}

/** Text-like files (logs, plain text) that clients may show as text: by media type or by extension. */
export function isTextLike(fileName: string, mediaType: string): boolean {
  return mediaType.startsWith('text/') || /\.(log|txt)$/i.test(fileName)
}

/**
 * The Content-Type a download is served with. Never one a browser would render as a page or run as a script
 * (HTML, SVG, XML, JavaScript): those go out as application/octet-stream. Text-like files go out as
 * text/plain; charset=utf-8, which a browser never executes (and nosniff keeps it that way).
 */
export function downloadContentType(fileName: string, mediaType: string): string {
  if (isTextLike(fileName, mediaType)) return 'text/plain; charset=utf-8'
  if (/^(image\/(png|jpeg|gif|webp)|application\/pdf|application\/zip|application\/gzip)$/.test(mediaType))
    return mediaType
  return 'application/octet-stream'
}

/** RFC 6266 Content-Disposition: an ASCII fallback and the exact UTF-8 name (RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}
