import './styles/main.css'
import { greet } from './shared'

const status = document.querySelector<HTMLElement>('#status')!
status.textContent = greet('main entry')
document.body.dataset.entry = 'main'

document.querySelector('#load-chart')?.addEventListener('click', () => void showChart())
void showChart()

async function showChart(): Promise<void> {
  const { renderChart } = await import('./lazy/chart')
  renderChart(document.querySelector<HTMLElement>('#chart')!)
}
