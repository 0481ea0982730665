import { MANIFEST_FILE, RELEASES_DIR } from '@assetmap/runtime/internal'
import { md5 } from './md5.ts'
import { publishedKeys } from './namedKeys.ts'
import type { StoredObject } from './objectStore.ts'
import type { StoreState } from './readReleases.ts'
import { runPool } from './runPool.ts'
import type { S3Store } from './s3Store.ts'

/** S3 lists 1,000 keys a page: one listing range per page of the local keys. */
const LIST_PAGE = 1000
/** Beyond this many keys to check one by one, a full listing is cheaper. */
const MAX_HEADS = 200

/** The bucket's objects that were looked at, and the keys proven present without looking. */
export interface RemoteObjects {
  objects: Map<string, StoredObject>
  proven: Set<string>
}

/**
 * What the bucket holds, as far as publishing `local` needs to know. Manifests are uploaded
 * last, so a manifest in the bucket identical to the local one proves that every key it
 * guarantees is there: those are taken as present without listing them, and only the other
 * local keys are checked, one HEAD each. A changed build, too many other keys, or `verify`
 * lists the whole prefix instead (in parallel ranges).
 */
export async function remoteObjects(store: S3Store, local: StoreState, read: (key: string) => Uint8Array, verify: boolean): Promise<RemoteObjects> {
  const keys = [...local.objects.keys()].sort()
  const fullListing = async (): Promise<RemoteObjects> => ({ objects: await store.list(keys.filter((_, index) => index > 0 && index % LIST_PAGE === 0)), proven: new Set() })
  if (verify) return fullListing()
  const manifests = keys.filter((key) => key === MANIFEST_FILE || (key.startsWith(`${RELEASES_DIR}/`) && key.endsWith('.json')))
  const remote = new Map<string, StoredObject>()
  await runPool(manifests, 16, async (key) => {
    const there = await store.head(key)
    if (there) remote.set(key, there)
  })
  const current = remote.get(MANIFEST_FILE)
  if (!current || current.etag !== md5(read(MANIFEST_FILE))) return fullListing()
  const proven = new Set<string>()
  for (const { release, manifest } of local.releases) {
    const copy = `${RELEASES_DIR}/${release}.json`
    const there = remote.get(copy)
    if (!there || there.etag !== md5(read(copy))) continue
    for (const key of publishedKeys(manifest)) if (local.objects.has(key)) proven.add(key)
  }
  const unproven = keys.filter((key) => !proven.has(key) && !remote.has(key))
  if (unproven.length > MAX_HEADS) return fullListing()
  await runPool(unproven, 16, async (key) => {
    const there = await store.head(key)
    if (there) remote.set(key, there)
  })
  return { objects: remote, proven }
}
