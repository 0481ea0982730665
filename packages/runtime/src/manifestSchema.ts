import { ENCODINGS, ENTRY_KEYS, ENTRY_TYPES, FILE_KEYS, IMPORT_MAP_KEYS, INTEGRITY_PATTERN, MANIFEST_KEYS, OUTPUT_PATH_PATTERN, RELEASE_PATTERN } from './manifestFormat.ts'

const outputPath = { type: 'string', minLength: 1, pattern: OUTPUT_PATH_PATTERN } as const

/** JSON Schema (draft 2020-12) of `assetmap.json`, format version 1, built from the rules in `manifestFormat.ts`. */
export const manifestSchema: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://assetmap.dev/schema/manifest-v1.json',
  title: 'assetmap manifest',
  type: 'object',
  additionalProperties: false,
  required: [...MANIFEST_KEYS],
  properties: {
    version: { const: 1 },
    release: { type: 'string', pattern: RELEASE_PATTERN },
    base: { type: 'string', pattern: '/$' },
    pinnedBase: { type: 'string', pattern: '/$' },
    assets: { type: 'object', additionalProperties: outputPath },
    entries: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: [...ENTRY_KEYS],
        properties: {
          type: { enum: [...ENTRY_TYPES] },
          js: { type: 'array', items: outputPath },
          css: { type: 'array', items: outputPath },
          preload: { type: 'array', items: outputPath },
          fonts: { type: 'array', items: outputPath },
          lazy: { type: 'array', items: outputPath },
        },
      },
    },
    files: {
      type: 'object',
      propertyNames: outputPath,
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: [...FILE_KEYS],
        properties: {
          size: { type: 'integer', minimum: 0 },
          integrity: { type: 'string', pattern: INTEGRITY_PATTERN },
          encodings: { type: 'array', items: { enum: [...ENCODINGS] }, uniqueItems: true },
        },
      },
    },
    importMap: {
      type: 'object',
      additionalProperties: false,
      required: [...IMPORT_MAP_KEYS],
      properties: {
        modules: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        specifiers: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
}
