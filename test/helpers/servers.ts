import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Listens on 127.0.0.1 on a free port; resolves with the origin. */
export function listen(handler: { listen(port: number, host: string, cb: () => void): Server }): Promise<{ origin: string; server: Server }> {
  return new Promise((resolve) => {
    const server = handler.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ origin: `http://127.0.0.1:${port}`, server })
    })
  })
}

export function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server) return resolve()
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
