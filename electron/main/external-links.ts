/** Opening links in the system browser, after the shared check of which links may leave the app. */
import type { Shell } from 'electron'
import { checkExternalUrl } from '@shared/security/external-links'

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
