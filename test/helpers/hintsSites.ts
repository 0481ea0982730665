import { afterAll, beforeAll } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Manifest } from '@assetmap/runtime'
import { launchChromium } from './browser.ts'
import { buildHintsApp, type HintsBundler } from './hintsApp.ts'
import { selfSignedCertificate, startExpressHints, startFastifyHints, type HintsServer } from './hintsServer.ts'
import { readManifest } from './paths.ts'

/** A suite's build of test/fixtures/hints-app, served by Express (HTTP/1.1) and Fastify (HTTP/2 with TLS), and a Chromium that trusts the certificate. */
export interface HintsSites {
  readonly manifest: Manifest
  readonly browser: Browser
  /** Express over HTTP/1.1. */
  readonly h1: HintsServer
  /** Fastify over HTTP/2 with TLS. */
  readonly h2: HintsServer
}

/** Registers, for the enclosing `describe`, the build, the two servers and Chromium, and their shutdown. */
export function useHintsSites(bundler: HintsBundler): HintsSites {
  const state: Partial<{ -readonly [K in keyof HintsSites]: HintsSites[K] }> = {}
  beforeAll(async () => {
    const outDir = await buildHintsApp(bundler)
    state.manifest = await readManifest(outDir)
    const tls = await selfSignedCertificate()
    // The certificate's key is trusted by hash: no certificate error, which would change what Chromium caches.
    state.browser = await launchChromium([`--ignore-certificate-errors-spki-list=${tls.spki}`])
    state.h1 = await startExpressHints(outDir)
    state.h2 = await startFastifyHints(outDir, tls)
  }, 60_000)
  afterAll(async () => {
    await state.browser?.close()
    await state.h1?.close()
    await state.h2?.close()
  })
  return {
    get manifest() {
      return state.manifest!
    },
    get browser() {
      return state.browser!
    },
    get h1() {
      return state.h1!
    },
    get h2() {
      return state.h2!
    },
  }
}
