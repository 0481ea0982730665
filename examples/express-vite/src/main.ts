import './styles/main.css'
import { greet } from './shared'

const greeting = greet('main entry')
// The README's shorter template has no #status and no #chart.
const status = document.querySelector<HTMLElement>('#status')
if (status) status.textContent = greeting
document.body.dataset.entry = 'main'

document.querySelector('#load-chart')?.addEventListener('click', () => void showChart())
void showChart()

async function showChart(): Promise<void> {
  const chart = document.querySelector<HTMLElement>('#chart')
  if (!chart) return
  const { renderChart } = await import('./lazy/chart')
  renderChart(chart)
}
