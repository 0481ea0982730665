import './styles/admin.css'
import { greet } from './shared'

document.querySelector<HTMLElement>('#status')!.textContent = greet('admin entry')
document.body.dataset.entry = 'admin'
