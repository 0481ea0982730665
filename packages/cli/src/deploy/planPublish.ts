import { CACHE_CONTROL, contentTypeFor, DEV_FILE, MANIFEST_FILE, RELEASES_DIR, VARIANT_EXTENSIONS } from '@assetmap/runtime/internal'
import { lookup } from 'mrmime'
import { md5 } from './md5.ts'
import { hashedKeys } from './namedKeys.ts'
import type { StoreState } from './readReleases.ts'
import type { RemoteObjects } from './remoteObjects.ts'
import type { PutOptions } from './s3Store.ts'

/** One object publish uploads, and why. */
export interface Upload extends PutOptions {
  key: string
  size: number
  reason: 'new' | 'changed'
  /** 0: content, 1: per-release manifests, 2: `assetmap.json`. Each stage starts once the one before is complete. */
  stage: 0 | 1 | 2
}

/** What publish does. */
export interface PublishPlan {
  uploads: Upload[]
  /** Keys already there with the right content. */
  skipped: number
}

const ENCODING_OF: Record<string, string> = Object.fromEntries(Object.entries(VARIANT_EXTENSIONS).map(([encoding, extension]) => [extension, encoding]))

/**
 * Compares the local output dir with what the bucket holds. Keys proven present are skipped. Files a manifest lists (and their
 * variants) are content-addressed: present with the same size means present. Anything else is
 * compared by MD5 with S3's ETag. Variants go up as the type of their file with
 * `Content-Encoding`, hashed content immutable, other files briefly cached, manifests `no-cache`.
 */
export function planPublish(local: StoreState, remote: RemoteObjects, read: (key: string) => Uint8Array): PublishPlan {
  const immutable = new Set<string>()
  for (const manifest of [...(local.current ? [local.current] : []), ...local.releases.map((entry) => entry.manifest)]) {
    for (const key of hashedKeys(manifest)) immutable.add(key)
  }
  const uploads: Upload[] = []
  let skipped = 0
  for (const [key, object] of [...local.objects].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const stage = key === MANIFEST_FILE ? 2 : key.startsWith(`${RELEASES_DIR}/`) ? 1 : 0
    // Dot-files stay private; the dev server's note names a process on this machine.
    if (stage === 0 && (key === DEV_FILE || key.split('/').some((segment) => segment.startsWith('.')))) continue
    const there = remote.objects.get(key)
    const hashed = immutable.has(key)
    if (remote.proven.has(key) || (there && there.size === object.size && (hashed || there.etag === md5(read(key))))) {
      skipped++
      continue
    }
    const extension = key.slice(key.lastIndexOf('.'))
    const encoding = ENCODING_OF[extension] !== undefined && local.objects.has(key.slice(0, -extension.length)) ? ENCODING_OF[extension] : undefined
    uploads.push({
      key,
      size: object.size,
      reason: there ? 'changed' : 'new',
      stage,
      contentType: contentTypeFor(encoding ? key.slice(0, -extension.length) : key, lookup),
      cacheControl: stage > 0 ? CACHE_CONTROL.revalidate : hashed ? CACHE_CONTROL.named : CACHE_CONTROL.other,
      contentEncoding: encoding,
    })
  }
  return { uploads, skipped }
}
