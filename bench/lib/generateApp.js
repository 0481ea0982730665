import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'

function png(seed) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buffer) => {
    let c = 0xffffffff
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([length, body, sum])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(16, 0)
  header.writeUInt32BE(16, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.alloc(16 * 49)
  for (let i = 0; i < rows.length; i++) rows[i] = i % 49 === 0 ? 0 : (seed * 31 + i) & 0xff
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

/**
 * Writes a front end of `modules` TypeScript modules: two entries, a tree of imports, one CSS
 * file per ten modules using images, and a few dynamic imports.
 */
export async function generateApp(dir, modules = 500) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'src/mods'), { recursive: true })
  await mkdir(join(dir, 'src/img'), { recursive: true })
  await mkdir(join(dir, 'src/styles'), { recursive: true })
  for (let i = 0; i < 20; i++) await writeFile(join(dir, `src/img/pic-${i}.png`), png(i))
  for (let i = 0; i < modules; i++) {
    const children = [1, 2, 3].map((k) => i * 3 + k).filter((child) => child < modules)
    const lines = children.map((child) => (child % 25 === 0 ? '' : `import { value as v${child} } from './mod-${child}'`))
    if (i % 10 === 0) lines.push(`import '../styles/style-${i / 10}.css'`)
    const used = children.filter((child) => child % 25 !== 0).map((child) => `v${child}`)
    const lazy = children.filter((child) => child % 25 === 0).map((child) => `  import('./mod-${child}').then((m) => m.value)`)
    lines.push(`export const value: number = ${i} + ${used.length ? used.join(' + ') : 0}`)
    if (lazy.length) lines.push(`export function later(): void {\n${lazy.join('\n')}\n}`)
    await writeFile(join(dir, `src/mods/mod-${i}.ts`), `${lines.filter(Boolean).join('\n')}\n`)
  }
  for (let i = 0; i * 10 < modules; i++) {
    await writeFile(join(dir, `src/styles/style-${i}.css`), `.c${i} { background: url(../img/pic-${i % 20}.png); padding: ${i}px; }\n.d${i}::before { content: "${i}"; }\n`)
  }
  await writeFile(join(dir, 'src/main.ts'), "import { value } from './mods/mod-0'\nconsole.log(value)\n")
  await writeFile(join(dir, 'src/admin.ts'), "import { value } from './mods/mod-1'\nconsole.log('admin', value)\n")
  return { input: ['src/main.ts', 'src/admin.ts'] }
}
