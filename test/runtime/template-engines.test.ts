import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import express from 'express'
import Handlebars from 'handlebars'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetLocals, createAssets, type AssetLocals } from '@assetmap/runtime'
import { fixture } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

const manifest = join(fixture('manifests'), 'site.json')
const views = fixture('engines')

/**
 * Handlebars calls only registered helpers, so the engine glue maps them onto res.locals (the
 * whole integration, shown in the README). `entryTags` is HTML: a SafeString, and `{{{ }}}`.
 */
function handlebarsEngine(path: string, locals: Record<string, unknown>, callback: (error: Error | null, html?: string) => void): void {
  const { static: url, entryTags } = locals as unknown as AssetLocals
  const template = Handlebars.compile(readFileSync(path, 'utf8'))
  callback(null, template(locals, { helpers: { static: (name: string) => url(name), entryTags: (name: string) => new Handlebars.SafeString(entryTags(name)) } }))
}

describe('the runtime in other template engines through Express res.locals', () => {
  let origin: string
  let server: Awaited<ReturnType<typeof listen>>['server']

  beforeAll(async () => {
    const app = express()
    app.set('views', views)
    app.engine('hbs', handlebarsEngine)
    const assets = createAssets({ manifest, dev: false })
    app.use((req, res, next) => {
      res.locals.cspNonce = 'n0nce'
      next()
    })
    app.use(assetLocals(assets, { baseUrl: (req) => ((req as express.Request).query.tenant ? `https://${String((req as express.Request).query.tenant)}.cdn.example.com/static/` : undefined) }))
    app.get('/ejs', (req, res) => res.render('page.ejs', { title: 'EJS <page>' }))
    app.get('/hbs', (req, res) => res.render('page.hbs', { title: 'Handlebars <page>' }))
    ;({ origin, server } = await listen(app))
  })
  afterAll(() => close(server))

  it.each(['ejs', 'hbs'])('%s renders hashed URLs, escaped, and entry tags with integrity and the nonce', async (engine) => {
    const html = await (await fetch(`${origin}/${engine}`)).text()
    expect(html).toContain('&lt;page&gt;</title>')
    expect(html).toContain('<link rel="stylesheet" href="/static/css/site.3f9a1c2b4d5e.css">')
    expect(html).toMatch(/<img src="\/static\/img\/a&amp;b%20%22quoted%22\.0a1b2c3d4e5f\.png" alt="">/)
    expect(html).toContain('<script type="module" src="/static/assets/main-B2x9Qa1c.js" integrity="sha384-')
    expect(html).toMatch(/<link rel="stylesheet" href="\/static\/assets\/[^"]+\.css" integrity="sha384-[^"]+" crossorigin="anonymous" nonce="n0nce">/)
    expect(html.match(/nonce="n0nce"/g)!.length).toBe(html.match(/<(script|link rel="(stylesheet|modulepreload)") [^>]*integrity/g)!.length)
  })

  it.each(['ejs', 'hbs'])('%s uses the per-request view for a tenant CDN', async (engine) => {
    const html = await (await fetch(`${origin}/${engine}?tenant=acme`)).text()
    expect(html).toContain('href="https://acme.cdn.example.com/static/css/site.3f9a1c2b4d5e.css"')
    expect(html).toContain('src="https://acme.cdn.example.com/static/assets/main-B2x9Qa1c.js"')
  })

  it('renders @vite/client once per response against a dev server', async () => {
    process.env.ASSETMAP_DEV_SERVER = 'http://localhost:5173'
    try {
      const dev = createAssets({ manifest })
      const res = { locals: {} as Record<string, unknown> }
      assetLocals(dev)({}, res, () => {})
      const locals = res.locals as unknown as AssetLocals
      expect(locals.entryTags('src/main.ts')).toContain('@vite/client')
      expect(locals.entryTags('src/admin.ts')).toBe('<script type="module" src="http://localhost:5173/src/admin.ts"></script>')
    } finally {
      delete process.env.ASSETMAP_DEV_SERVER
    }
  })
})
