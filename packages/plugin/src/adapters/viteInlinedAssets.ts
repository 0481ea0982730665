import { readFileSync } from 'node:fs'
import { basename, relative, sep } from 'node:path'

/** Vite's `build.assetsInlineLimit`: bytes, or a function that may leave the choice to Vite. */
export type AssetsInlineLimit = number | ((file: string, content: Buffer) => boolean | undefined)

/** Vite's default `build.assetsInlineLimit`. */
const DEFAULT_LIMIT = 4096

/** The part of Rollup's plugin context that emits a file. */
export type EmitContext = { emitFile(file: { type: 'asset'; name: string; originalFileName: string; source: Uint8Array }): string }

/**
 * The files Vite inlines into the JS or CSS as `data:` URLs, also emitted as files of their own:
 * a template's `url('src/img/dot.png')` then resolves in production as it does in dev, where
 * every file is served. The bundle still inlines them; only the manifest and the output gain them.
 */
export function inlinedAssets() {
  const inlined = new Set<string>()
  return {
    /** Vite's inline decision, unchanged, noting each file it inlines. */
    limit(user: AssetsInlineLimit | undefined): (file: string, content: Buffer) => boolean {
      return (file, content) => {
        const chosen = typeof user === 'function' ? user(file, content) : undefined
        const inline = chosen ?? content.length < (typeof user === 'number' ? user : DEFAULT_LIMIT)
        if (inline) inlined.add(file)
        return inline
      }
    },
    /** A new build (watch mode) starts with no file inlined. */
    reset(): void {
      inlined.clear()
    },
    /** Emits each inlined file under its source name, so the manifest names it. */
    emit(context: EmitContext, viteRoot: string): void {
      for (const file of inlined) {
        let source: Buffer
        try {
          source = readFileSync(file)
        } catch {
          continue // Deleted since Vite read it: the next build (watch mode) no longer inlines it.
        }
        context.emitFile({ type: 'asset', name: basename(file), originalFileName: relative(viteRoot, file).split(sep).join('/'), source })
      }
    },
  }
}
