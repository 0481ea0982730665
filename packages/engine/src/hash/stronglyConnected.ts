/**
 * Tarjan's strongly connected components of the graph of `count` nodes (numbered from 0) whose
 * edges from node `n` are `targets[starts[n]]` to `targets[starts[n + 1] - 1]`, iteratively (no
 * recursion limit), its state in typed arrays: no object, map or set per node, whatever the graph's size.
 * Each component is given to `visit` as soon as it is complete, dependencies first: a component
 * comes after every component it points at. Roots are taken in node order, edges in their order.
 */
export function stronglyConnected(count: number, starts: Int32Array, targets: ArrayLike<number>, visit: (component: number[]) => void): void {
  const index = new Int32Array(count).fill(-1)
  const low = new Int32Array(count)
  const onStack = new Uint8Array(count)
  const stack = new Int32Array(count)
  let top = 0
  /** The depth-first path: each node on it, and the position of the next edge it follows. */
  const pathNode = new Int32Array(count)
  const pathNext = new Int32Array(count)
  let depth = 0
  let counter = 0
  const open = (node: number): void => {
    index[node] = low[node] = counter++
    stack[top++] = node
    onStack[node] = 1
    pathNode[depth] = node
    pathNext[depth++] = starts[node]!
  }

  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue
    open(root)
    while (depth > 0) {
      const node = pathNode[depth - 1]!
      const next = pathNext[depth - 1]!
      if (next < starts[node + 1]!) {
        pathNext[depth - 1] = next + 1
        const target = targets[next]!
        if (index[target] === -1) open(target)
        else if (onStack[target] === 1) low[node] = Math.min(low[node]!, index[target]!)
        continue
      }
      depth--
      if (depth > 0) {
        const parent = pathNode[depth - 1]!
        low[parent] = Math.min(low[parent]!, low[node]!)
      }
      if (low[node] === index[node]) {
        const component: number[] = []
        let member: number
        do {
          member = stack[--top]!
          onStack[member] = 0
          component.push(member)
        } while (member !== node)
        visit(component)
      }
    }
  }
}
