import { assertManifest, MANIFEST_FILE, RELEASES_DIR, type Manifest } from '@assetmap/runtime'
import type { ObjectStore, StoredObject } from './objectStore.ts'

/** A release kept in a store, with when its manifest was written there. */
export interface StoredRelease {
  release: string
  manifest: Manifest
  time: Date
}

/** What a store holds: its objects, the current manifest's release, and every kept release. */
export interface StoreState {
  objects: Map<string, StoredObject>
  current: Manifest | undefined
  releases: StoredRelease[]
}

async function readManifest(store: ObjectStore, key: string): Promise<Manifest> {
  const source = `${store.location}${store.location.endsWith('/') ? '' : '/'}${key}`
  const data: unknown = JSON.parse(new TextDecoder().decode(await store.read(key)))
  assertManifest(data, source)
  return data
}

/** Lists a store and reads its manifests (`assetmap.json` and `.assetmap/releases/*.json`). */
export async function readStoreState(store: ObjectStore): Promise<StoreState> {
  const objects = await store.list()
  const current = objects.has(MANIFEST_FILE) ? await readManifest(store, MANIFEST_FILE) : undefined
  const releases: StoredRelease[] = []
  for (const [key, object] of objects) {
    if (!key.startsWith(`${RELEASES_DIR}/`) || !key.endsWith('.json')) continue
    const manifest = await readManifest(store, key)
    releases.push({ release: manifest.release, manifest, time: object.lastModified })
  }
  return { objects, current, releases }
}
