#!/usr/bin/env node
// Committed, not built: npm links a package's bins before the workspace's `prepare` compiles it,
// so a bin pointing into dist/ would be skipped on a fresh clone's first `npm install`.
import { existsSync } from 'node:fs'

const entry = new URL('../dist/bin.js', import.meta.url)
if (existsSync(entry)) {
  await import(entry.href)
} else {
  process.stderr.write('assetmap: the CLI is not built yet (no dist/bin.js). In the assetmap repository, run `npm run build` first.\n')
  process.exitCode = 1
}
