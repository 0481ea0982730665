import './styles/shared.css'

/** Used by both entries, so Vite puts it (and its CSS) in a shared chunk. */
export function greet(who: string): string {
  document.body.classList.add('has-shared')
  return `Hello from the ${who}, through a shared chunk.`
}
