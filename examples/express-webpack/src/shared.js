import './styles/shared.css'

export function label(entry) {
  return `webpack ${entry} entry ran after the runtime chunk`
}
