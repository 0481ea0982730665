// Plain JavaScript: bench/ uses it through helpers/nginx.js.
import { createServer } from 'node:net'

/**
 * A port free on 127.0.0.1 right now, for servers that must be told their port up front.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}
