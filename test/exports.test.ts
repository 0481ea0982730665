import { describe, expect, it } from 'vitest'
import * as runtime from '@assetmap/runtime'
import * as build from '@assetmap/build'
import * as plugin from '@assetmap/plugin'
import * as nunjucks from '@assetmap/nunjucks'
import * as cli from '@assetmap/cli'
import * as serve from '@assetmap/serve'

// The public surface is a contract: a change here is a change users see.
describe('public exports', () => {
  it.each([
    [
      '@assetmap/runtime',
      runtime,
      [
        'AssetmapError',
        'CACHE_CONTROL',
        'DEV_FILE',
        'MANIFEST_FILE',
        'RELEASES_DIR',
        'VARIANT_EXTENSIONS',
        'assertManifest',
        'assetLocals',
        'closestNames',
        'contentTypeFor',
        'createAssets',
        'escapeHtml',
        'findDevServer',
        'followManifest',
        'isSafeOutputPath',
        'loadManifest',
        'loadReleaseIds',
        'loadReleaseManifests',
        'manifestSchema',
        'normalizeBaseUrl',
        'releaseManifestPath',
        'validateManifest',
      ],
    ],
    [
      '@assetmap/build',
      build,
      [
        'MANIFEST_FILE',
        'RELEASES_DIR',
        'VARIANT_EXTENSIONS',
        'basePath',
        'buildStatic',
        'callbackFileSystemIO',
        'classifyReference',
        'completeBuild',
        'compressFiles',
        'compressOutput',
        'createManifest',
        'cssReferences',
        'hashedName',
        'integrity',
        'isCompressible',
        'isEncodingSupported',
        'jsLexerReady',
        'jsReferences',
        'memoryIO',
        'nodeIO',
        'resolveEncodings',
        'resolveStaticDirs',
        'stableStringify',
        'supportedEncodings',
        'validateRelease',
        'walkStaticDirs',
        'writeFileAtomic',
        'writeManifest',
      ],
    ],
    ['@assetmap/plugin', plugin, ['collectEsbuildMetafile', 'collectRollupBundle', 'collectWebpackCompilation', 'resolveOptions', 'unplugin', 'unpluginFactory']],
    ['@assetmap/nunjucks', nunjucks, ['AssetmapExtension', 'addAssetmap']],
    ['@assetmap/cli', cli, ['buildCommand', 'cleanCommand', 'compressCommand', 'findTemplateNames', 'formatManifest', 'inspectCommand', 'nginxCommand', 'publishCommand']],
    ['@assetmap/serve', serve, ['IMMUTABLE', 'contentType', 'fastifyAssets', 'negotiateEncoding', 'serveAssets']],
  ])('%s', (_name, module, names) => {
    expect(Object.keys(module).sort()).toEqual(names)
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
