import { forEachReference, type CachedText } from '../outDir/cacheFormat.ts'

/** Who refers to each file (one entry per reference), and each file's own source maps. */
export interface ReferenceGraph {
  referrers: Map<string, string[]>
  maps: Map<string, string[]>
}

/** The graph of the references in `texts` (file name → what parsing it found). */
export function referenceGraph(texts: Iterable<[string, CachedText]>): ReferenceGraph {
  const graph: ReferenceGraph = { referrers: new Map(), maps: new Map() }
  for (const [name, text] of texts) addReferences(graph, name, text)
  return graph
}

/** Adds the references of `name`'s text to the graph. */
export function addReferences(graph: ReferenceGraph, name: string, text: CachedText): void {
  forEachReference(text, (target, kind) => {
    addTo(graph.referrers, target, name)
    if (kind === 'sourcemap') addTo(graph.maps, name, target)
  })
}

/** Removes what `addReferences` added for `name` and this text (a watch's rebuild, before it adds what parsing the file again found). */
export function removeReferences(graph: ReferenceGraph, name: string, text: CachedText): void {
  forEachReference(text, (target, kind) => {
    removeFrom(graph.referrers, target, name)
    if (kind === 'sourcemap') removeFrom(graph.maps, name, target)
  })
}

function addTo(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key)
  if (list === undefined) lists.set(key, [value])
  else list.push(value)
}

function removeFrom(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key)
  const at = list?.lastIndexOf(value) ?? -1
  if (at < 0) return
  list!.splice(at, 1)
  if (list!.length === 0) lists.delete(key)
}

/**
 * `changed` and every file that refers to one of them, transitively: the files whose final bytes
 * may differ from the last build's (docs/design.md invariant 1: a hash covers the final bytes,
 * names of what a file refers to included). A member's own source map goes with it, as it is
 * recomposed with the file; a reference cycle is reached whole.
 */
export function referrersOf(changed: ReadonlySet<string>, { referrers, maps }: ReferenceGraph): Set<string> {
  const cascade = new Set(changed)
  const queue = [...changed]
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const other of [...(referrers.get(name) ?? []), ...(maps.get(name) ?? [])]) {
      if (cascade.has(other)) continue
      cascade.add(other)
      queue.push(other)
    }
  }
  return cascade
}

/**
 * How many references name a file, as `referrers` tells, for a build that makes no graph: counted
 * on first use, and only for files named as a source map (the only ones asked about).
 */
export function referenceCounter(texts: Iterable<CachedText>): (target: string) => number {
  let counts: Map<string, number> | undefined
  return (target) => {
    if (counts === undefined) {
      const all = [...texts]
      counts = new Map()
      for (const text of all) forEachReference(text, (name, kind) => kind === 'sourcemap' && counts!.set(name, 0))
      for (const text of all) forEachReference(text, (name) => counts!.has(name) && counts!.set(name, counts!.get(name)! + 1))
    }
    return counts.get(target) ?? 0
  }
}
