import { spawnSync } from 'node:child_process'

/**
 * Runs a command under GNU time, after a `sync` so that no tool pays for another's writeback;
 * returns wall ms, CPU ms (user + system), peak RSS (KiB) and what it printed on stdout.
 */
export function timedRun(command, args) {
  spawnSync('sync')
  const start = process.hrtime.bigint()
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`)
  const [user, system, maxRSSKiB] = result.stderr.trim().split('\n').at(-1).split(' ').slice(1).map(Number)
  return { ms, cpu: (user + system) * 1000, maxRSSKiB, stdout: result.stdout }
}
