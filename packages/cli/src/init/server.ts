// The server `assetmap init` writes into a project without one, or prints the lines of for a server that exists.

/** The web framework the server lines are written for. */
export type Framework = 'express' | 'fastify'

/** A server's lines, in the order they go: imports, set-up after the app is created, after the routes, the listen. */
interface ServerLines {
  /** Node's modules, which go first, then the app's, then these. */
  nodeImports: string[]
  imports: string[]
  setup: string[]
  afterRoutes: string[]
  listen: string[]
}

const ASSETMAP_IMPORTS = ["import { createAssets } from '@assetmap/runtime'", "import { addAssetmap } from '@assetmap/nunjucks'"]
const DEV = [
  "// `npm run dev` (--dev): Vite runs inside this server, on its port. Production never loads Vite.",
  "const dev = process.argv.includes('--dev') ? await (await import('@assetmap/plugin/dev')).createDevServer({ server }) : undefined",
  "const assets = dev ? dev.assets : createAssets({ manifest: 'dist/static/assetmap.json' })",
]

const LINES: Record<Framework, ServerLines> = {
  express: {
    nodeImports: ["import { createServer } from 'node:http'"],
    imports: [...ASSETMAP_IMPORTS, "import { serveAssets } from '@assetmap/serve'"],
    setup: [
      'const server = createServer(app)',
      ...DEV,
      "addAssetmap(nunjucks.configure('views', { autoescape: true, express: app, noCache: assets.dev }), assets)",
      'if (dev) app.use(dev.middlewares)',
      "else app.use('/static', serveAssets(assets))",
    ],
    afterRoutes: ['if (dev) app.use(dev.errors)'],
    listen: ['server.listen(process.env.PORT ?? 3000)'],
  },
  fastify: {
    nodeImports: [],
    imports: [...ASSETMAP_IMPORTS, "import { fastifyAssets } from '@assetmap/serve'"],
    setup: [
      'const server = app.server',
      ...DEV,
      "const views = addAssetmap(nunjucks.configure('views', { autoescape: true, noCache: assets.dev }), assets)",
      "if (dev) app.addHook('onRequest', (request, reply, done) => dev.middlewares(request.raw, reply.raw, done))",
      "else await app.register(fastifyAssets, { assets, prefix: '/static' })",
    ],
    // dev.errors answers on the raw response, which Fastify must then leave alone (hijack).
    afterRoutes: ['if (dev) app.setErrorHandler((error, request, reply) => (reply.hijack(), dev.errors(error, request.raw, reply.raw, () => reply.raw.end())))'],
    listen: ["await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })"],
  },
}

const APP: Record<Framework, { imports: string[]; create: string[]; routes: string[] }> = {
  express: {
    imports: ["import express from 'express'", "import nunjucks from 'nunjucks'"],
    create: ['const app = express()'],
    routes: ["app.get('/', (req, res) => res.render('index.njk'))"],
  },
  fastify: {
    imports: ["import Fastify from 'fastify'", "import nunjucks from 'nunjucks'"],
    create: ['const app = Fastify()'],
    routes: ["app.get('/', (request, reply) => reply.type('text/html').send(views.render('index.njk')))"],
  },
}

/** A whole server file, for a project that has none. */
export function serverFile(framework: Framework): string {
  const lines = LINES[framework]
  const app = APP[framework]
  return [...lines.nodeImports, ...app.imports, ...lines.imports, '', ...app.create, ...lines.setup, '', ...app.routes, ...lines.afterRoutes, ...lines.listen, ''].join('\n')
}

/** What to add to an existing server file, and where, to print rather than edit the user's code. */
export function serverLinesToAdd(framework: Framework, file: string): string {
  const lines = LINES[framework]
  const indent = (block: string[]) => block.map((line) => `    ${line}`).join('\n')
  return [
    `  ${file} exists; add these lines to it (assetmap init does not edit your code):`,
    '  at the top, with the imports:',
    indent([...lines.nodeImports, ...lines.imports]),
    `  after the app is created (named \`app\` here), before the routes${framework === 'express' ? ', replacing any express.static of the built files' : ''}:`,
    indent(lines.setup),
    '  after the routes:',
    indent(lines.afterRoutes),
    `  and listen through ${framework === 'express' ? '`server` (not `app.listen`), so that Vite shares its port' : 'the app as before'}:`,
    indent(lines.listen),
  ].join('\n')
}
