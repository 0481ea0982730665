/**
 * The URL path of a base URL (`https://cdn.example.com/static/` → `/static/`): absolute
 * references inside static files that start with it resolve from the static root.
 */
export function basePath(base: string): string {
  return base.startsWith('/') && !base.startsWith('//') ? base : new URL(base, 'https://host.invalid').pathname
}
