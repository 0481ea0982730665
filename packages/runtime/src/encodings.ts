/** A content coding of a precompressed variant (`files[…].encodings` in the manifest). */
export type Encoding = 'br' | 'gzip' | 'zstd'

/** File extension of each encoding's variant beside its file (`x.css.br`), in the order servers prefer them. */
export const VARIANT_EXTENSIONS: Readonly<Record<Encoding, string>> = { br: '.br', zstd: '.zst', gzip: '.gz' }
