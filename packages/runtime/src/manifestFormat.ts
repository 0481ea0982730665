import { VARIANT_EXTENSIONS, type Encoding } from './encodings.ts'
import type { EntryType, Manifest, ManifestEntry, ManifestFile, ManifestImportMap } from './types.ts'

/**
 * The rules of `assetmap.json`, written once: `manifestSchema` (the published JSON Schema) and
 * `validateManifest` are both built from these, and `test/runtime/manifest-schema.test.ts` holds them
 * to agreeing. The `satisfies` clauses tie the key lists to the types in `types.ts`.
 */

/** A release id: 1–64 characters of `[A-Za-z0-9._-]`, starting with a letter or digit (it names a file). */
export const RELEASE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'
/** Subresource Integrity of one hash. */
export const INTEGRITY_PATTERN = '^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$'
const INTEGRITY_FAST = /^sha(?:256|384|512)-[\w+/]+={0,2}$/

/** Whether `value` is an integrity as `INTEGRITY_PATTERN` says. */
export function isIntegrity(value: unknown): boolean {
  // `[\w+/]` less `_` is `[A-Za-z0-9+/]`: V8 matches `\w` several times faster than the ranges, on every file of a manifest.
  return typeof value === 'string' && INTEGRITY_FAST.test(value) && !value.includes('_')
}
/** An output path inside the output dir: relative, no `..` segment, no backslash, no NUL (any other character, a newline too). */
export const OUTPUT_PATH_PATTERN = '^(?!/)(?![\\s\\S]*[\\\\\\u0000])(?!(?:[\\s\\S]*/)?\\.\\.(?:/|$))[\\s\\S]+$'

/** Every content coding a variant may have. */
export const ENCODINGS: readonly Encoding[] = Object.keys(VARIANT_EXTENSIONS) as Encoding[]
export const ENTRY_TYPES: readonly EntryType[] = ['module', 'classic']

// `satisfies Record<keyof …>`: a key added to a type in types.ts and not here fails to compile.
const manifestKeys = { version: 'required', release: 'required', base: 'required', pinnedBase: 'optional', assets: 'required', entries: 'required', files: 'required', importMap: 'optional' } satisfies Record<keyof Manifest, 'required' | 'optional'>
const entryKeys = { type: 'required', js: 'required', css: 'required', preload: 'required', fonts: 'optional', lazy: 'optional' } satisfies Record<keyof ManifestEntry, 'required' | 'optional'>
const fileKeys = { size: 'required', integrity: 'required', encodings: 'optional' } satisfies Record<keyof ManifestFile, 'required' | 'optional'>

function keysOf<T extends object>(keys: Record<keyof T, 'required' | 'optional'>, which: 'required' | 'all'): Array<keyof T & string> {
  return (Object.keys(keys) as Array<keyof T & string>).filter((key) => which === 'all' || keys[key] === 'required')
}

/** The keys the manifest object must have, and the keys it may have. */
export const MANIFEST_KEYS: ReadonlyArray<keyof Manifest> = keysOf<Manifest>(manifestKeys, 'required')
export const ALL_MANIFEST_KEYS: ReadonlyArray<keyof Manifest> = keysOf<Manifest>(manifestKeys, 'all')
/** The keys an entry must have, and the keys it may have. */
export const ENTRY_KEYS: ReadonlyArray<keyof ManifestEntry> = keysOf<ManifestEntry>(entryKeys, 'required')
export const ALL_ENTRY_KEYS: ReadonlyArray<keyof ManifestEntry> = keysOf<ManifestEntry>(entryKeys, 'all')
/** The keys a file record must have, and the keys it may have. */
export const FILE_KEYS: ReadonlyArray<keyof ManifestFile> = keysOf<ManifestFile>(fileKeys, 'required')
export const ALL_FILE_KEYS: ReadonlyArray<keyof ManifestFile> = keysOf<ManifestFile>(fileKeys, 'all')
const importMapKeys = { modules: 'required', specifiers: 'required' } satisfies Record<keyof ManifestImportMap, 'required'>
/** The keys of `importMap`, all required. */
export const IMPORT_MAP_KEYS: ReadonlyArray<keyof ManifestImportMap> = keysOf<ManifestImportMap>(importMapKeys, 'all')
