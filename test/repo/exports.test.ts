import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as runtime from '@assetmap/runtime'
import * as engine from '@assetmap/engine'
import * as plugin from '@assetmap/plugin'
import * as nunjucks from '@assetmap/nunjucks'
import * as cli from '@assetmap/cli'
import * as serve from '@assetmap/serve'
import * as runtimeInternal from '@assetmap/runtime/internal'
import * as engineInternal from '@assetmap/engine/internal'
import * as serveInternal from '@assetmap/serve/internal'
import { repoRoot } from '../helpers/paths.ts'

// The public surface is a contract: a change here is a change users see. Each main entry lists
// exactly what users call; what sibling packages share lives in an `/internal` subpath, outside
// semver, and is listed separately so that a name cannot slip from one to the other unseen.
describe('public exports', () => {
  it.each([
    ['@assetmap/runtime', runtime, ['AssetmapError', 'assetLocals', 'createAssets', 'createTestAssets', 'describeSent', 'followManifest', 'isAssetmapError', 'loadManifest', 'manifestSchema', 'sendEarlyHints', 'validateManifest']],
    ['@assetmap/engine', engine, ['callbackFileSystemIO', 'completeBuild', 'compressOutput', 'createStaticSession', 'memoryIO', 'nodeIO']],
    ['@assetmap/plugin', plugin, ['unplugin', 'unpluginFactory']],
    ['@assetmap/nunjucks', nunjucks, ['AssetmapExtension', 'addAssetmap']],
    ['@assetmap/cli', cli, ['buildCommand', 'cleanCommand', 'compressCommand', 'initCommand', 'inspectCommand', 'nginxCommand', 'publishCommand']],
    ['@assetmap/serve', serve, ['fastifyAssets', 'serveAssets']],
  ])('%s', (_name, module, names) => {
    expect(Object.keys(module).sort()).toEqual(names)
  })

  it.each([
    [
      '@assetmap/runtime/internal',
      runtimeInternal,
      [
        'AssetmapError',
        'CACHE_CONTROL',
        'DEV_FILE',
        'MANIFEST_FILE',
        'RELEASES_DIR',
        'VARIANT_EXTENSIONS',
        'assertManifest',
        'closestNames',
        'contentTypeFor',
        'escapeHtml',
        'findDevServer',
        'isIntegrity',
        'isSafeOutputPath',
        'loadDevAssets',
        'loadReleaseIds',
        'loadReleaseManifests',
        'manifestFilePath',
        'normalizeBaseUrl',
        'readManifestFile',
        'releaseManifestPath',
        'reportSent',
        'validateManifest',
      ],
    ],
    ['@assetmap/engine/internal', engineInternal, ['checkOutputDir', 'integrity', 'resolveEncodings', 'resolveStaticDirs', 'runningBuilds', 'validateRelease', 'writeFileAtomic']],
    ['@assetmap/serve/internal', serveInternal, ['IMMUTABLE', 'contentType', 'negotiateEncoding']],
  ])('%s (internal: for sibling packages, not covered by semver)', (_name, module, names) => {
    expect(Object.keys(module).sort()).toEqual(names)
  })

  it.each(['runtime', 'engine', 'plugin', 'nunjucks', 'cli', 'serve'])('@assetmap/%s declares only what its entries export', (name) => {
    const { exports } = JSON.parse(readFileSync(join(repoRoot, 'packages', name, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
    const internal = ['runtime', 'engine', 'serve'].includes(name) ? ['./internal'] : []
    const bundlers = name === 'plugin' ? ['./dev', './esbuild', './rolldown', './rollup', './rspack', './vite', './webpack'] : []
    expect(Object.keys(exports).sort()).toEqual(['.', ...bundlers, ...internal, './package.json'].sort())
  })

  // Types are surface too: what the declaration file of each main entry names, values and types.
  it.each([
    [
      'runtime',
      'AssetLocals AssetLocalsOptions AssetmapError AssetmapErrorCode AssetmapErrorOptions Assets AssetsOptions Encoding EntryTagsOptions EntryType FollowManifestOptions HintableReply HintableResponse HintsOptions ImportMapOptions Manifest ManifestEntry ManifestFile ManifestImportMap ManifestSource ResolvedEntry SendEarlyHintsOptions TestAssetsOptions assetLocals createAssets createTestAssets describeSent followManifest isAssetmapError loadManifest manifestSchema sendEarlyHints validateManifest',
    ],
    [
      'engine',
      'BuildStaticOptions BundleOutput CallbackFileSystem CompleteBuildOptions CompleteBuildResult CompressOutputOptions CompressOutputResult CompressResult Encoding FollowedLink ImportMapOption OutputFile OutputIO ShadowedFile StaticBuildResult StaticDirOption StaticSession callbackFileSystemIO completeBuild compressOutput createStaticSession memoryIO nodeIO',
    ],
    ['plugin', 'Options unplugin unpluginFactory'],
    ['nunjucks', 'AddAssetmapOptions AssetmapExtension addAssetmap'],
    [
      'cli',
      'BuildCommandOptions BuildSummary CleanCommandOptions CleanPlan CleanSummary CompressCommandOptions CompressSummary InitChange InitCommandOptions InitSummary InspectOptions InspectReport NginxCommandOptions PublishCommandOptions PublishSummary PutOptions S3Options Upload buildCommand cleanCommand compressCommand initCommand inspectCommand nginxCommand publishCommand',
    ],
    ['serve', 'AssetsHandler FastifyAssetsOptions ServeOptions fastifyAssets serveAssets'],
  ])('the declarations of @assetmap/%s name exactly its public values and types', (name, names) => {
    const file = join(repoRoot, 'packages', name, 'dist/index.d.ts')
    const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true })
    const checker = program.getTypeChecker()
    const entry = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
    expect(checker.getExportsOfModule(entry).map((symbol) => symbol.name).sort()).toEqual(names.split(' '))
  })

  it('@assetmap/plugin/dev exports createDevServer alone, and loads nothing of Vite until it is called', async () => {
    const file = join(repoRoot, 'packages/plugin/dist/dev.d.ts')
    const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true })
    const entry = program.getTypeChecker().getSymbolAtLocation(program.getSourceFile(file)!)!
    expect(program.getTypeChecker().getExportsOfModule(entry).map((symbol) => symbol.name).sort()).toEqual(['DevServerOptions', 'EmbeddedDevServer', 'Middleware', 'createDevServer'])
    // Vite is imported inside createDevServer: a production path that never calls it never loads Vite.
    expect(readFileSync(join(repoRoot, 'packages/plugin/dist/adapters/viteEmbedded.js'), 'utf8')).not.toMatch(/^import[^\n]*from 'vite'/m)
  })

  it.each(['vite', 'rollup', 'rolldown'])('@assetmap/plugin/%s makes a rollup-family plugin', async (bundler) => {
    const entry = (await import(`@assetmap/plugin/${bundler}`)) as { default: () => { name: string; writeBundle: unknown } }
    const instance = entry.default()
    expect(instance.name).toBe('assetmap:manifest')
    expect(typeof instance.writeBundle).toBe('function')
  })

  it.each(['esbuild'])('@assetmap/plugin/%s makes an esbuild plugin', async (bundler) => {
    const entry = (await import(`@assetmap/plugin/${bundler}`)) as { default: () => { name: string; setup: unknown } }
    expect(typeof entry.default().setup).toBe('function')
  })

  it.each(['webpack', 'rspack'])('@assetmap/plugin/%s makes a compiler plugin', async (bundler) => {
    const entry = (await import(`@assetmap/plugin/${bundler}`)) as { default: () => { apply: unknown } }
    expect(typeof entry.default().apply).toBe('function')
  })
})
