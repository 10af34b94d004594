/**
 * Opening links in the system browser. Only http: and https: URLs, checked after parsing with URL
 * (never by string prefix), so file:, javascript:, data:, custom handlers and malformed input are refused.
 */
import type { Shell } from 'electron'

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
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `Caseload opens only http and https links, not ${url.protocol} links.` }
  }
  if (!url.hostname) return { ok: false, reason: 'The link has no host.' }
  return { ok: true, url: url.href }
}

export async function openExternalLink(
  shell: Pick<Shell, 'openExternal'>,
  raw: unknown,
): Promise<{ ok: boolean; reason?: string }> {
  const checked = checkExternalUrl(raw)
  if (!checked.ok) return { ok: false, reason: checked.reason }
  try {
    await shell.openExternal(checked.url)
    return { ok: true }
  } catch (error) {
    return { ok: false, reason: `The system could not open the link: ${(error as Error).message}` }
  }
}
