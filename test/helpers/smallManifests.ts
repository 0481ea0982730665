import type { Manifest } from '@assetmap/runtime'

/** A bundler build of one module entry, `src/main.js`, under `base`, at `release`. */
export function entryManifest(release: string, base: string): Manifest {
  return {
    version: 1,
    release,
    base,
    assets: { 'src/main.js': `assets/main-${release}.js` },
    entries: { 'src/main.js': { type: 'module', js: [`assets/main-${release}.js`], css: [], preload: [] } },
    files: { [`assets/main-${release}.js`]: { size: 120, integrity: 'sha384-main' } },
  }
}

/** An import-map build under `base`: `js/app.js` imports `js/lib.js`. */
export function importMapManifest(release: string, base: string, app = 'js/app.js'): Manifest {
  const lib = app.replace(/[^/]*$/, 'lib.js')
  const assets = { [app]: app.replace(/\.js$/, `.${release}.js`), [lib]: lib.replace(/\.js$/, `.${release}.js`) }
  return {
    version: 1,
    release,
    base,
    assets,
    entries: {},
    files: { [assets[app]!]: { size: 300, integrity: 'sha384-app' }, [assets[lib]!]: { size: 40, integrity: 'sha384-lib' } },
    importMap: { modules: { [app]: [lib], [lib]: [] }, specifiers: {} },
  }
}
