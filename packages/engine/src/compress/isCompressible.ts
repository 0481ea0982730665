import { extname } from 'node:path'

// Formats that are compressed already: raster images, web fonts, archives, audio and video.
// SVG, TTF/OTF/EOT, BMP and ICO are not, so they are compressed (and kept only if that pays).
const COMPRESSED = new Set(
  (
    'png jpg jpeg gif webp avif heic heif jxl ' +
    'woff woff2 ' +
    'zip gz tgz bz2 tbz xz zst br 7z rar lz lz4 ' +
    'mp3 m4a aac ogg oga opus flac weba ' +
    'mp4 m4v mov webm avi mkv wmv flv mpeg mpg 3gp 3gpp ogv'
  ).split(' '),
)

/** Whether precompressing a file of this name can pay off. */
export function isCompressible(path: string): boolean {
  return !COMPRESSED.has(extname(path).slice(1).toLowerCase())
}
