import { nonceAttribute } from './nonceAttribute.ts'
import type { EmittedUrls } from './renderEntryTags.ts'

/** What a page's scope records for the snippet, so a page with several entries gets it once. */
const SNIPPET_KEY = 'inline:assetmap-reload'

/**
 * Runs in the browser, before any entry script (it is inline and classic; entry scripts are
 * modules or `defer`). A chunk of an earlier release that is gone shows up as Vite's
 * `vite:preloadError`, webpack's `ChunkLoadError` (mini-css-extract's `CSS_CHUNK_LOAD_FAILED`), or
 * a failed `import()` no handler caught; anything else is left alone. The page reloads once:
 * sessionStorage remembers the release it reloaded from and when, so the same release failing
 * again, or any failure within a minute of the reload, only reports (`reloaded: true`).
 * `__RELEASE__` is replaced by the release id as a JSON string.
 */
const SCRIPT = `(() => {
  const release = __RELEASE__, key = 'assetmap:reload', seen = new WeakSet()
  let reloading = false
  const isChunkError = (e) => !!e && (e.name === 'ChunkLoadError' || e.code === 'CSS_CHUNK_LOAD_FAILED' ||
    /dynamically imported module|Importing a module script failed|^Unable to preload CSS for /.test(String(e.message)))
  const urlOf = (e) => (e && typeof e.request === 'string' && e.request) || (/(?:https?:\\/\\/|\\/)[^\\s()'"]+/.exec(String(e && e.message)) || [])[0]
  const handle = (error, event) => {
    // Offline, the chunk is not gone: a reload would only show the browser's offline page.
    if (reloading || navigator.onLine === false || (typeof error === 'object' && error !== null && (seen.has(error) || !seen.add(error)))) return
    let last = null, stored = true
    try { last = JSON.parse(sessionStorage.getItem(key) || 'null') } catch { stored = false }
    const reloaded = !stored || (!!last && (last.release === release || Date.now() - last.at < 60000))
    const notice = new CustomEvent('assetmap:reload', { cancelable: true, detail: { url: urlOf(error), error, release, reloaded } })
    dispatchEvent(notice)
    if (reloaded || notice.defaultPrevented) return
    try { sessionStorage.setItem(key, JSON.stringify({ release, at: Date.now() })) } catch { return }
    reloading = true
    event.preventDefault()
    location.reload()
  }
  addEventListener('vite:preloadError', (event) => handle(event.payload, event))
  addEventListener('unhandledrejection', (event) => { if (isChunkError(event.reason)) handle(event.reason, event) })
})()`

/**
 * The inline script of `entryTags`' `reloadOnChunkError` for a page of `release`, or `''` when
 * the page already has it. A page of several builds compares its key of every build's release instead.
 */
export function reloadSnippet(release: string, nonce: string | undefined, emitted: EmittedUrls | undefined, caller = 'entryTags()'): string {
  const attribute = nonceAttribute(nonce, caller)
  if (emitted !== undefined && !emitted.first(SNIPPET_KEY)) return ''
  const code = SCRIPT.replace('__RELEASE__', JSON.stringify(emitted?.release?.() ?? release).replaceAll('<', '\\u003c'))
  return `<script${attribute}>${code}</script>\n`
}
