import { connect } from 'node:net'

/** One response head as it came over the wire. */
export interface RawHead {
  status: number
  /** Every `Link` value, a header that lists several split into its values. */
  links: string[]
}

/** Splits `Link` header values that hold several (`<a>; rel=x, <b>; rel=y`). */
export function splitLinks(value: string): string[] {
  return value.split(/,\s*(?=<)/).map((link) => link.trim()).filter(Boolean)
}

function parseHead(head: string): RawHead {
  const [statusLine = '', ...lines] = head.split('\r\n')
  const links = lines.filter((line) => /^link:/i.test(line)).flatMap((line) => splitLinks(line.slice(line.indexOf(':') + 1)))
  return { status: Number(statusLine.split(' ')[1]), links }
}

/**
 * `GET path` over a plain TCP socket (HTTP/1.1, or `version`), as a client that reads every response head the
 * server sends, interim ones included. `onHead` runs as each head arrives, so a caller can see what
 * the server had done by then.
 */
export function rawGet(origin: string, path: string, onHead: (head: RawHead) => void = () => {}, version = '1.1'): Promise<RawHead[]> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    const heads: RawHead[] = []
    let buffer = ''
    socket.setEncoding('latin1')
    socket.on('connect', () => socket.write(`GET ${path} HTTP/${version}\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`))
    socket.on('data', (chunk: string) => {
      buffer += chunk
      // Heads end in a blank line; a 1xx has no body, and the final head's body is not read here.
      for (let end = buffer.indexOf('\r\n\r\n'); end !== -1 && /^HTTP\/1\.1 /.test(buffer); end = buffer.indexOf('\r\n\r\n')) {
        const head = parseHead(buffer.slice(0, end))
        heads.push(head)
        onHead(head)
        buffer = head.status < 200 ? buffer.slice(end + 4) : ''
      }
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(heads))
  })
}
