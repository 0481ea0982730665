import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'

const CHECK_FIELD = ',"check":"'

/**
 * Writes `text` as a build cache with a checksum that holds (the one a build writes at its end,
 * replaced): a cache a build could have written, so that a test reaches the checks behind the
 * checksum (malformed columns, references out of range). A cache edited without it is ignored.
 */
export async function writeCheckedCache(path: string, text: string): Promise<void> {
  const at = text.lastIndexOf(CHECK_FIELD)
  // The text before the checksum: less the object's closing brace when it has none yet.
  const body = at !== -1 ? text.slice(0, at) : text.endsWith('}') ? text.slice(0, -1) : text
  await writeFile(path, `${body}${CHECK_FIELD}${createHash('sha256').update(body).digest('base64')}"}`)
}
