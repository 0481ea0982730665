import type { ServerResponse } from 'node:http'
import { escapeHtml } from '@assetmap/runtime/internal'

/** What Vite's client shows in its overlay (`ErrorPayload['err']`). */
export interface OverlayError {
  message: string
  stack: string
  plugin?: string
  id?: string
}

/** The overlay's view of any thrown value; assetmap's and Nunjucks' messages already name the template or asset. */
export function errorPayload(error: unknown): OverlayError {
  const { message, stack } = error instanceof Error ? error : { message: String(error), stack: '' }
  return { message, stack: stack ?? '', plugin: 'assetmap' }
}

/** JSON that is safe inside a `<script>`: no `</script>` or `<!--` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/**
 * The 500 page of a failed render: the message as text, and Vite's overlay over it, opened by
 * `@vite/client` (which also reloads the page once the template is fixed and saved).
 */
export function errorPage(error: unknown, base: string, res: ServerResponse): string {
  const payload = errorPayload(error)
  const nonce = (res as ServerResponse & { locals?: { cspNonce?: unknown } }).locals?.cspNonce
  const nonceAttribute = typeof nonce === 'string' ? ` nonce="${escapeHtml(nonce)}"` : ''
  const client = `${base.replace(/\/?$/, '/')}@vite/client`
  return [
    '<!doctype html><html><head><meta charset="utf-8"><title>Error</title></head><body>',
    `<pre>${escapeHtml(payload.message)}</pre>`,
    `<script type="module"${nonceAttribute}>import { ErrorOverlay } from ${scriptJson(client)};document.body.appendChild(new ErrorOverlay(${scriptJson(payload)}))</script>`,
    '</body></html>',
  ].join('')
}
