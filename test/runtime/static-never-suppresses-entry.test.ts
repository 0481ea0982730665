import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ejs from 'ejs'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetLocals, createAssets, type Manifest } from '@assetmap/runtime'
import { fixture } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

const site = JSON.parse(readFileSync(join(fixture('manifests'), 'site.json'), 'utf8')) as Manifest
// The entry's stylesheet gets a name of its own, as Vite's manifest gives it.
const manifest: Manifest = { ...site, assets: { ...site.assets, 'src/main.css': 'assets/main-Cc81x0aa.css' } }
const page = `<link rel="preload" as="script" href="<%= static('src/main.ts') %>">
<link rel="preload" as="style" href="<%= assets.url('src/main.css') %>">
<%- entryTags('src/main.ts') %>
<%- entryTags('src/main.ts') %>`

describe("a URL static() gave never removes an entry's tags (assetLocals, EJS through Express)", () => {
  let origin: string
  let server: Awaited<ReturnType<typeof listen>>['server']

  beforeAll(async () => {
    const app = express()
    app.use(assetLocals(createAssets({ manifest, dev: false })))
    app.get('/', (req, res) => res.send(ejs.render(page, res.locals)))
    ;({ origin, server } = await listen(app))
  })
  afterAll(() => close(server))

  it("renders the entry's script and stylesheet once after static() and assets.url() gave their URLs", async () => {
    const html = await (await fetch(`${origin}/`)).text()
    expect(html).toContain('<link rel="preload" as="script" href="/static/assets/main-B2x9Qa1c.js">')
    expect(html.split('<script type="module" src="/static/assets/main-B2x9Qa1c.js"')).toHaveLength(2)
    expect(html.split('<link rel="stylesheet" href="/static/assets/main-Cc81x0aa.css"')).toHaveLength(2)
  })
})
