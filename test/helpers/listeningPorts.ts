import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** `pid` and every process below it (npm → sh → node), read from /proc. */
function processTree(pid: number): Set<number> {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // The fourth field of /proc/<pid>/stat, after the parenthesised command name, is the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set([pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const [child, parent] of parents) if (tree.has(parent) && !tree.has(child)) grew = tree.add(child).size > 0
  }
  return tree
}

/** The TCP ports that `pid` or any process it started listens on (Linux, `ss`). */
export function listeningPorts(pid: number): number[] {
  const tree = processTree(pid)
  const ports = new Set<number>()
  for (const line of execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' }).split('\n')) {
    const owners = [...line.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]))
    if (owners.some((owner) => tree.has(owner))) ports.add(Number(line.trim().split(/\s+/)[3]!.split(':').pop()))
  }
  return [...ports].sort((a, b) => a - b)
}
