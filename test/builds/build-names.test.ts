import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { assetLocals, createAssets, followManifest, type AssetLocals, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { appAssets, buildAll, type BuiltFolders } from '../helpers/buildsSite.ts'
import { outputDir } from '../helpers/paths.ts'
import { thrown } from '../helpers/thrown.ts'
import { until } from '../helpers/until.ts'

// Names across builds: a typo in a build's name or in a name inside a build says which build and
// the closest names; the default build is today's single-build API, byte for byte.
let folders: BuiltFolders
let assets: Assets
beforeAll(async () => {
  folders = await buildAll()
  assets = appAssets(folders)
}, 120_000)

/** The message a Nunjucks render of `source` fails with (Nunjucks wraps the assetmap error, naming the template). */
function renderError(source: string): Error {
  try {
    addAssetmap(new nunjucks.Environment(null, { autoescape: true }), assets).renderString(source, {})
  } catch (error) {
    return error as Error
  }
  throw new Error(`${source} rendered without an error`)
}

describe('a typo names the build and its closest names', () => {
  it('in a build name: the closest builds and the list of builds', () => {
    const error = renderError("{% entry 'src/admin.js' from 'admn' %}")
    expect(error.message).toContain('Unknown build "admn". Did you mean "admin"? The builds are "default", "admin", "legacy", "mirror".')
    expect(renderError("{{ static('css/legacy.css', 'legasy') }}").message).toContain('Unknown build "legasy". Did you mean "legacy"?')
    expect(thrown(() => assets.build('Admin'))).toMatchObject({ code: 'BUILD_NOT_FOUND', value: 'Admin' })
  })

  it('in an entry or asset name within a build: the build, its manifest and its closest names', () => {
    expect(renderError("{% entry 'src/admn.js' from 'admin' %}").message).toContain(
      `Unknown entry "src/admn.js" in build "admin" (${join(folders.admin, 'assetmap.json')}). Did you mean "src/admin.js"?`,
    )
    expect(renderError("{% static 'css/legasy.css' from 'legacy' %}").message).toContain(
      `Unknown asset "css/legasy.css" in build "legacy" (${join(folders.legacy, 'assetmap.json')}). Did you mean "css/legacy.css"`,
    )
    expect(renderError("{% entry 'src/mian.js' %}").message).toContain(`Unknown entry "src/mian.js" in build "default" (${join(folders.site, 'assetmap.json')}). Did you mean "src/main.js"?`)
  })

  it('through assetLocals', () => {
    const res = { locals: {} as Record<string, unknown> }
    assetLocals(assets)({}, res, () => {})
    const locals = res.locals as unknown as AssetLocals
    expect(thrown(() => locals.entryTags('src/admin.js', {}, 'admim'))).toMatchObject({ code: 'BUILD_NOT_FOUND' })
    expect(locals.static('css/legacy.css', 'legacy')).toBe(assets.build('legacy').url('css/legacy.css'))
  })

  it('a build whose manifest is missing is named when the app starts', () => {
    const error = thrown(() => createAssets({ manifest: folders.site, dev: false, builds: { admin: { manifest: join(folders.admin, 'nope'), dev: false } } }))
    expect(error).toMatchObject({ code: 'MANIFEST_NOT_FOUND' })
    expect(error.message).toMatch(/^\[assetmap\] build "admin": /)
  })

  it('bad build names are refused', () => {
    expect(thrown(() => createAssets({ manifest: folders.site, dev: false, builds: { default: { manifest: folders.admin } } }))).toMatchObject({ code: 'INVALID_OPTION' })
    expect(thrown(() => createAssets({ manifest: folders.site, dev: false, builds: { '../x': { manifest: folders.admin } } }))).toMatchObject({ code: 'INVALID_OPTION' })
  })
})

describe('the default build keeps the single-build API', () => {
  let single: Assets
  beforeAll(() => {
    single = createAssets({ manifest: folders.site, baseUrl: '/static/', dev: false })
  })

  it('renders exactly what a single-build app renders', () => {
    const tags = (view: Assets) => [view.page().entryTags('src/main.js', { nonce: 'n1' }), view.url('src/main.js'), view.integrity('src/main.js')]
    expect(tags(assets)).toEqual(tags(single))
    expect(tags(assets.build('default'))).toEqual(tags(single))
    expect(single.build('default')).toBe(single)
  })

  it('a single-build app names no build in its errors, and knows only "default"', () => {
    expect(thrown(() => single.entry('src/mian.js')).message).toContain(`Unknown entry "src/mian.js" in ${join(folders.site, 'assetmap.json')}. Did you mean`)
    const error = thrown(() => single.build('admin'))
    expect(error).toMatchObject({ code: 'BUILD_NOT_FOUND' })
    expect(error.message).toContain('This app has one build ("default")')
  })
})

describe('the environment configures the default build only', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('ASSETMAP_BASE_URL and ASSETMAP_RELEASE leave the other builds as their options say', () => {
    process.env.ASSETMAP_BASE_URL = 'https://cdn.example.com/site/'
    process.env.ASSETMAP_RELEASE = 'no-such-release'
    // The site has no such release: only the default build reads it, so only it fails.
    expect(thrown(() => appAssets(folders)).message).toMatch(/^\[assetmap\] No manifest for release "no-such-release"/)
    delete process.env.ASSETMAP_RELEASE
    const fresh = createAssets({ manifest: folders.site, dev: false, builds: { admin: { manifest: folders.admin, dev: false } } })
    expect([fresh.baseUrl, fresh.build('admin').baseUrl]).toEqual(['https://cdn.example.com/site/', '/admin-static/'])
  })

  it('ASSETMAP_DEV_SERVER sends the default build to the dev server, and no other', () => {
    process.env.ASSETMAP_DEV_SERVER = 'http://localhost:5173/'
    const fresh = createAssets({ manifest: folders.site, builds: { admin: { manifest: folders.admin } } })
    expect([fresh.dev, fresh.build('default').dev, fresh.build('admin').dev]).toEqual([true, true, false])
    expect(fresh.url('src/main.js')).toBe('http://localhost:5173/src/main.js')
    expect(fresh.build('admin').entry('src/admin.js').js[0]).toMatch(/^\/admin-static\/assets\/admin-[\w-]+\.js$/)
    fresh.close()
  })
})

describe('one page across builds', () => {
  it('two builds naming the same URL emit it once, and the reload snippet goes out once', () => {
    const page = assets.page()
    const first = page.entryTags('src/main.js', { reloadOnChunkError: true })
    expect(first).toContain('assetmap:reload')
    expect(page.build('mirror').entryTags('src/main.js', { reloadOnChunkError: true })).toBe('')
    const admin = page.build('admin').entryTags('src/admin.js', { reloadOnChunkError: true })
    expect(admin).not.toContain('<script>')
    expect(admin).toContain('/admin-static/')
    // A new page starts again.
    expect(assets.page().build('mirror').entryTags('src/main.js')).toBe(single(first))
  })
})

describe('builds in other forms', () => {
  it("inline: true resolves {% static 'x' from 'build' %} when the template compiles", () => {
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), assets, { inline: true })
    expect(env.renderString("{% static 'css/legacy.css' from 'legacy' %}", {})).toBe(assets.build('legacy').url('css/legacy.css'))
    expect(() => env.renderString("{% static 'css/legacy.css' from 'legasy' %}", {})).toThrow('Unknown build "legasy"')
  })

  it("takes the tag's options after the build, and refuses a second name without a comma", () => {
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), assets)
    const tags = env.renderString("{% entry 'src/admin.js' from 'admin', nonce=n, integrity=false %}", { n: 'abc' })
    expect(tags).toContain('nonce="abc"')
    expect(tags).not.toContain('integrity=')
    expect(tags).toContain(`src="${assets.build('admin').entry('src/admin.js').js[0]}"`)
    expect(() => env.renderString("{% entry 'src/admin.js' 'admin' %}", {})).toThrow('entry: expected a comma or the end of the tag after the name')
  })

  it('a build given as followManifest assets shares the page scope', () => {
    const held = followManifest(() => readFileSync(join(folders.site, 'assetmap.json')), { baseUrl: '/static/' })
    const set = createAssets({ manifest: folders.site, baseUrl: '/static/', dev: false, builds: { held } })
    const page = set.page()
    expect(page.entryTags('src/main.js')).toContain('<script type="module"')
    expect(page.build('held').entryTags('src/main.js')).toBe('')
  })
})

describe('each build reloads on its own', () => {
  it('watch: true follows that build’s manifest; the others stay as they were', async () => {
    const admin = join(await outputDir('builds-watch'), 'admin')
    cpSync(folders.admin, admin, { recursive: true })
    const set = createAssets({ manifest: folders.site, baseUrl: '/static/', dev: false, builds: { admin: { manifest: admin, dev: false, watch: true } } })
    const site = set.url('src/main.js')
    // A rebuild of the admin alone: its entry now has another output file.
    const manifest = JSON.parse(readFileSync(join(admin, 'assetmap.json'), 'utf8'))
    const old = manifest.assets['src/admin.js']
    const renamed = old.replace(/\.js$/, '-v2.js')
    Object.assign(manifest, { release: 'v2', assets: { ...manifest.assets, 'src/admin.js': renamed }, files: { ...manifest.files, [renamed]: manifest.files[old] } })
    writeFileSync(join(admin, 'next.json'), JSON.stringify(manifest))
    renameSync(join(admin, 'next.json'), join(admin, 'assetmap.json'))
    await until(() => set.build('admin').manifest.release === 'v2', 'the admin build to follow its manifest')
    expect([set.build('admin').url('src/admin.js'), set.url('src/main.js')]).toEqual([`/admin-static/${renamed}`, site])
    expect(set.reload().release).toBe(set.manifest.release)
    set.close()
  })
})

/** The tags without the snippet. */
function single(tags: string): string {
  return tags.replace(/^<script>[\s\S]*?<\/script>\n/, '')
}
