import './styles/main.css'
import { label } from './shared.js'

document.addEventListener('DOMContentLoaded', () => {
  document.querySelector('#status').textContent = label('main')
  import('./lazy.js').then(({ describe }) => {
    document.querySelector('#lazy').textContent = describe()
  })
})
