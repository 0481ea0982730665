import { AssetmapError, validateManifest, type Manifest } from '@assetmap/runtime'
import { MANIFEST_FILE, RELEASES_DIR } from '@assetmap/runtime/internal'
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

/** A manifest that cannot be used, and why. */
interface Unreadable {
  source: string
  reason: string
}

async function readManifest(store: ObjectStore, key: string, source: string): Promise<Manifest | Unreadable> {
  let data: unknown
  try {
    data = JSON.parse(new TextDecoder().decode(await store.read(key)))
  } catch (error) {
    return { source, reason: (error as Error).message }
  }
  const problems = validateManifest(data)
  return problems.length === 0 ? (data as Manifest) : { source, reason: problems.join('; ') }
}

/**
 * Lists a store and reads its manifests (`assetmap.json` and `.assetmap/releases/*.json`).
 * @throws AssetmapError `MANIFEST_INVALID` naming every manifest that cannot be read: clean and
 * publish stop rather than guess which files such a release still needs.
 */
export async function readStoreState(store: ObjectStore): Promise<StoreState> {
  const objects = await store.list()
  const sourceOf = (key: string): string => `${store.location}${store.location.endsWith('/') ? '' : '/'}${key}`
  const keys = [...objects.keys()].filter((key) => key === MANIFEST_FILE || (key.startsWith(`${RELEASES_DIR}/`) && key.endsWith('.json'))).sort()
  const read = await Promise.all(keys.map((key) => readManifest(store, key, sourceOf(key))))
  const unreadable = read.filter((manifest): manifest is Unreadable => 'reason' in manifest)
  if (unreadable.length > 0) {
    throw new AssetmapError(
      'MANIFEST_INVALID',
      `Stopped before changing anything: ${unreadable.length === 1 ? 'a manifest' : `${unreadable.length} manifests`} cannot be read, so the files ${unreadable.length === 1 ? 'its release needs are' : 'their releases need are'} unknown.\n` +
        unreadable.map(({ source, reason }) => `  - ${source}: ${reason}\n`).join('') +
        'For each: delete it or rebuild that release (delete it only if no server still uses that release), then run the command again.',
      { value: unreadable.map(({ source }) => source) },
    )
  }
  const releases: StoredRelease[] = []
  let current: Manifest | undefined
  keys.forEach((key, index) => {
    const manifest = read[index] as Manifest
    if (key === MANIFEST_FILE) current = manifest
    else releases.push({ release: manifest.release, manifest, time: objects.get(key)!.lastModified })
  })
  return { objects, current, releases }
}
