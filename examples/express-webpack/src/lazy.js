export function describe() {
  return 'loaded on demand'
}
