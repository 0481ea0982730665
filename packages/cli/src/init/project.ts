import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import type { Framework } from './server.ts'

/** The parts of a package.json that `assetmap init` reads. */
export interface PackageJson {
  name?: string
  private?: boolean
  type?: string
  main?: string
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

/** The project `assetmap init` adds to, as found on disk. */
export interface Project {
  /** Its package.json, undefined when there is none yet. */
  packageJson: PackageJson | undefined
  /** The indent of its package.json, kept when init adds the scripts. */
  indent: string
  framework: Framework
  /** The extension of the ES modules init creates: `.mjs` in a CommonJS package (package.json without `"type": "module"`). */
  esm: '.js' | '.mjs'
  /** The server file: an existing one (printed lines, never edited), or the one to create. */
  server: { file: string; exists: boolean }
}

const SERVER_FILES = ['server.js', 'app.js', 'index.js', 'server.mjs', 'app.mjs', 'index.mjs']

function readPackageJson(dir: string): { packageJson?: PackageJson; indent: string } {
  const path = join(dir, 'package.json')
  if (!existsSync(path)) return { indent: '  ' }
  const text = readFileSync(path, 'utf8')
  try {
    return { packageJson: JSON.parse(text) as PackageJson, indent: /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ' }
  } catch (error) {
    throw new AssetmapError('INVALID_OPTION', `${path} is not valid JSON (${(error as Error).message}); fix it, then run assetmap init again.`, { value: path, cause: error })
  }
}

/** Reads `dir`: its package.json, the framework (`fastify` in its dependencies, else Express) and its server file. */
export function readProject(dir: string, framework?: Framework): Project {
  const { packageJson, indent } = readPackageJson(dir)
  const dependencies = { ...packageJson?.dependencies, ...packageJson?.devDependencies }
  const found = [packageJson?.main, ...SERVER_FILES].find((file) => file !== undefined && existsSync(join(dir, file)))
  // A CommonJS package gets ES modules by their extension.
  const esm = packageJson !== undefined && packageJson.type !== 'module' ? '.mjs' : '.js'
  const created = `server${esm}`
  return {
    packageJson,
    indent,
    esm,
    framework: framework ?? ('fastify' in dependencies && !('express' in dependencies) ? 'fastify' : 'express'),
    server: found === undefined ? { file: created, exists: false } : { file: found, exists: true },
  }
}
