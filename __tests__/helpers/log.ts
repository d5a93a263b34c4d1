/** A `Log` for tests that remembers what it was told. */
import type { Log } from '../../src/log.ts'

/** A Log that remembers info lines, warnings and group names (debug lines are dropped). */
export function recordingLog(): Log & { lines: string[]; groups: string[]; warnings: string[] } {
  const lines: string[] = []
  const groups: string[] = []
  const warnings: string[] = []
  return {
    lines,
    groups,
    warnings,
    info: m => lines.push(m),
    warning: m => warnings.push(m),
    debug: () => undefined,
    group: async (name, fn) => {
      groups.push(name)
      return fn()
    }
  }
}
