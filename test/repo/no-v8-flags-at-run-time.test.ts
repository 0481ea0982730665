import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/paths.ts'

// Node's documentation: changing V8's flags after the VM has started "may result in unpredictable
// behavior, including crashes and data loss". A memory setting is the user's to give, on the command
// line or in NODE_OPTIONS (docs/options.md says which pays what).
describe('no package changes V8 flags at run time', () => {
  it('calls neither v8.setFlagsFromString nor a re-launch with V8 flags', () => {
    const offenders: string[] = []
    for (const pkg of readdirSync(join(repoRoot, 'packages'))) {
      const src = join(repoRoot, 'packages', pkg, 'src')
      for (const path of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|js|mjs)$/.test(path)) continue
        const text = readFileSync(join(src, path), 'utf8')
        if (/setFlagsFromString|--max-semi-space-size|--heap-growing-percent/.test(text)) offenders.push(relative(repoRoot, join(src, path)))
      }
    }
    expect(offenders).toEqual([])
  })
})
