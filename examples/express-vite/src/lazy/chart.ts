import './chart.css'

/** Loaded with a dynamic import: never preloaded by the entry tag. */
export function renderChart(into: HTMLElement): void {
  into.innerHTML = ''
  for (const value of [3, 7, 4, 9, 5]) {
    const bar = document.createElement('span')
    bar.className = 'bar'
    bar.style.height = `${value * 10}px`
    into.append(bar)
  }
  into.dataset.loaded = 'true'
}
