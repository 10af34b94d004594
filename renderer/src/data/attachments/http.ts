/**
 * The attachment endpoints over HTTP with the session's bearer token (one refresh-and-retry on 401, like the
 * sync transport). Uploads go through XMLHttpRequest because fetch reports no upload progress.
 */
import { attachmentMetaSchema, type AttachmentMetaWire } from '@shared/protocol/attachments'
import { errorBodySchema } from '@shared/protocol'
import { TransportError } from '../sync/adapters'
import { sendWithRefresh, type SessionTokens } from '../http/session-answers'
import type { AttachmentFile } from '../db/types'
import type { AttachmentDownloader } from './files'

/** One PUT: status and body text, reporting progress as the body goes out. */
export type PutBytes = (
  url: string,
  headers: Record<string, string>,
  body: ArrayBuffer,
  onProgress: (fraction: number) => void,
) => Promise<{ status: number; text: string }>

export const xhrPut: PutBytes = (url, headers, body, onProgress) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', url)
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText })
    xhr.onerror = () => reject(new TransportError('network', 'no connection'))
    xhr.ontimeout = () => reject(new TransportError('network', 'no answer in time'))
    xhr.send(body)
  })

export interface AttachmentHttpOptions extends SessionTokens {
  baseUrl: string
  put?: PutBytes
  fetch?: typeof fetch
}

/**
 * A refusal the server will repeat however often the upload is retried (too large, unknown customer, id taken):
 * the file is marked failed with this message instead of being retried.
 */
export class AttachmentRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'AttachmentRefusedError'
  }
}

function messageOf(status: number, text: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text))
    if (parsed.success) return parsed.data.error.message
  } catch {
    // not JSON
  }
  return `the server answered ${status}`
}

function failure(status: number, text: string): Error {
  const message = messageOf(status, text)
  if (status === 400 || status === 403 || status === 404 || status === 409 || status === 413)
    return new AttachmentRefusedError(status, message)
  return new TransportError(status === 401 ? 'unauthorized' : 'unavailable', message, status)
}

export class AttachmentHttp implements AttachmentDownloader {
  private readonly put: PutBytes
  private readonly fetchImpl: typeof fetch

  constructor(private readonly options: AttachmentHttpOptions) {
    this.put = options.put ?? xhrPut
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  }

  private url(path: string): string {
    return new URL(path, this.options.baseUrl).toString()
  }

  /** PUT the file (idempotent: a retry after a lost answer is the same upload) */
  async upload(file: AttachmentFile, onProgress: (fraction: number) => void): Promise<AttachmentMetaWire> {
    if (!file.bytes) throw new Error(`attachment ${file.id} has no bytes on this device`)
    const query = new URLSearchParams({ customerId: file.customerId, fileName: file.fileName })
    const url = this.url(`/v1/attachments/${file.id}?${query.toString()}`)
    const send = (token: string | null) =>
      this.put(
        url,
        { 'content-type': file.mediaType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        file.bytes!,
        onProgress,
      )
    const answer = await sendWithRefresh(this.options, send)
    if (answer.status !== 200) throw failure(answer.status, answer.text)
    return attachmentMetaSchema.parse(JSON.parse(answer.text))
  }

  async download(id: string): Promise<ArrayBuffer> {
    const get = async (token: string | null) => {
      try {
        return await this.fetchImpl(this.url(`/v1/attachments/${id}`), {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        })
      } catch {
        throw new TransportError('network', 'no connection: the attachment can be opened once you are online')
      }
    }
    const response = await sendWithRefresh(this.options, get)
    if (!response.ok) throw failure(response.status, await response.text())
    return response.arrayBuffer()
  }
}
