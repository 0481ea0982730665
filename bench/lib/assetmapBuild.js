// `assetmap build` of one tree in a fresh process; prints peak memory as JSON (same shape as collectstatic.py).
import { buildCommand } from '@assetmap/cli'

const [tree, out] = process.argv.slice(2)
const summary = await buildCommand({ dirs: [tree], out, onWarning: (message) => console.error(message) })
console.log(JSON.stringify({ maxRSSKiB: process.resourceUsage().maxRSS, assets: summary.assets }))
