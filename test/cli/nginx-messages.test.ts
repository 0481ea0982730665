import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.ts'
import { buildServed } from '../helpers/served.ts'

describe('assetmap nginx: messages that point at the right thing', () => {
  it.each([
    ['static', '"/static/"'],
    ['https://cdn.example.com/static/', 'ASSETMAP_BASE_URL'],
    ['/static/"; include /etc/passwd; #', '"/static/"'],
  ])('--location %s says what is wrong with the location and what to write', async (location, hint) => {
    const { out } = await buildServed('nginx-messages-location')
    const run = await runCli('nginx', out, '--location', location)
    expect(run.code).not.toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`--location ${JSON.stringify(location)} is not a URL path`)
    expect(run.stderr).toContain(hint)
    expect(run.stderr).not.toContain('Invalid base URL')
  })

  it('its header points at docs/serving.md, where the recipe is, and lists the location lines', async () => {
    const { out } = await buildServed('nginx-messages-header')
    const run = await runCli('nginx', out, '--location', '/assets')
    expect(run.code, run.stderr).toBe(0)
    const header = run.stdout.split('\n').filter((line) => line.startsWith('#'))
    expect(header.join('\n')).toContain('docs/serving.md')
    expect(header.join('\n')).not.toContain('README')
    expect(header.join('\n')).toContain('add_header Access-Control-Allow-Origin * always;')
    expect(run.stdout).toMatch(/^ {4}"\/assets\/css\/app\.[0-9a-f]+\.css" "public, max-age=31536000, immutable";$/m)
  })
})
