/**
 * Which links Caseload hands to the system: http: and https: URLs to the browser and mailto: addresses to the
 * mail program (knowledge-base articles name support addresses), checked after parsing with URL (never by
 * string prefix), so file:, javascript:, data:, custom protocol handlers and malformed input are refused. One
 * rule for the desktop app and browser mode.
 */

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: string }

const maxUrlLength = 8192

export function checkExternalUrl(raw: unknown): ExternalUrlCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'The link is empty.' }
  if (raw.length > maxUrlLength) return { ok: false, reason: 'The link is too long.' }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'The link is not a valid web address.' }
  }
  if (url.protocol === 'mailto:') {
    return /^[^@\s/]+@[^@\s/]+$/.test(decodeURIComponent(url.pathname))
      ? { ok: true, url: url.href }
      : { ok: false, reason: 'The mail link has no valid address.' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Caseload opens only web and mail links, not ${url.protocol} links.` }
  }
  if (!url.hostname) return { ok: false, reason: 'The link has no host.' }
  return { ok: true, url: url.href }
}
