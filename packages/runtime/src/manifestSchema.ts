const relativePath = { type: 'string', minLength: 1, pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$)).+$' } as const

/** JSON Schema (draft 2020-12) of `assetmap.json`, format version 1. */
export const manifestSchema: Record<string, unknown> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://assetmap.dev/schema/manifest-v1.json',
  title: 'assetmap manifest',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'release', 'base', 'assets', 'entries', 'files'],
  properties: {
    version: { const: 1 },
    release: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    base: { type: 'string', pattern: '/$' },
    pinnedBase: { type: 'string', pattern: '/$' },
    assets: { type: 'object', additionalProperties: relativePath },
    entries: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'js', 'css', 'preload'],
        properties: {
          type: { enum: ['module', 'classic'] },
          js: { type: 'array', items: relativePath },
          css: { type: 'array', items: relativePath },
          preload: { type: 'array', items: relativePath },
        },
      },
    },
    files: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['size', 'integrity'],
        properties: {
          size: { type: 'integer', minimum: 0 },
          integrity: { type: 'string', pattern: '^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$' },
          encodings: { type: 'array', items: { enum: ['br', 'gzip', 'zstd'] }, uniqueItems: true },
        },
      },
    },
  },
}
