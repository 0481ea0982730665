// A Nunjucks page with 50 static() calls against the same page with the URLs written literally.
import nunjucks from 'nunjucks'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { format, median, opsPerSecond, report } from './lib/measure.js'

const COUNT = 50
const assets = {}
const files = {}
for (let i = 0; i < COUNT; i++) {
  const output = `img/icon-${i}.${(i * 7919).toString(16).padStart(12, '0')}.svg`
  assets[`img/icon-${i}.svg`] = output
  files[output] = { size: 100, integrity: 'sha384-AAAA' }
}
const resolver = createAssets({ manifest: { version: 1, release: 'bench', base: '/static/', assets, entries: {}, files } })

const row = (src) => `<li><img src="${src}" alt="icon" width="16" height="16"> {{ title }}</li>`
const page = (rows) => `<!doctype html><html><head><title>{{ title }}</title></head><body><ul>${rows.join('\n')}</ul></body></html>`
const withHelper = page(Object.keys(assets).map((name) => row(`{{ static('${name}') }}`)))
const literal = page(Object.keys(assets).map((name) => row(resolver.url(name))))

const withTag = page(Object.keys(assets).map((name) => row(`{% static '${name}' %}`)))
const withVariable = page(Object.keys(assets).map((_, i) => row(`{{ u${i} }}`)))

const env = new nunjucks.Environment(null, { autoescape: true })
addAssetmap(env, resolver)
const inlineEnv = new nunjucks.Environment(null, { autoescape: true })
addAssetmap(inlineEnv, resolver, { inline: true })
const context = { title: 'Icons', ...Object.fromEntries(Object.keys(assets).map((name, i) => [`u${i}`, resolver.url(name)])) }
const templates = {
  'literal URLs': new nunjucks.Template(literal, env, 'literal.njk', true),
  "{{ static('…') }}": new nunjucks.Template(withHelper, env, 'helper.njk', true),
  "{% static '…' %}": new nunjucks.Template(withTag, env, 'tag.njk', true),
  "{% static '…' %} with inline: true": new nunjucks.Template(withTag, inlineEnv, 'inline.njk', true),
  '{{ url }} (a plain variable, for scale)': new nunjucks.Template(withVariable, env, 'variable.njk', true),
}
const expected = templates['literal URLs'].render(context)
for (const [name, template] of Object.entries(templates)) if (template.render(context) !== expected) throw new Error(`${name} renders a different page`)

// Alternate rounds so that drift on the machine hits every variant alike.
const rates = Object.fromEntries(Object.keys(templates).map((name) => [name, []]))
for (let round = 0; round < 5; round++) {
  for (const [name, template] of Object.entries(templates)) rates[name].push(opsPerSecond(() => template.render(context), { batch: 1, rounds: 1 }))
}
const literalRate = median(rates['literal URLs'])
for (const [name, list] of Object.entries(rates)) {
  if (name === 'literal URLs') continue
  const rate = median(list)
  const goal = name.includes('inline') || name.startsWith('{{ static') ? { max: 1.1, text: 'time ratio ≤ 1.10' } : undefined
  report({ name: `Nunjucks page with ${COUNT} URLs, ${name} vs literal URLs`, ours: format(rate), peer: format(literalRate), unit: 'renders/s', ratio: literalRate / rate, goal })
}
