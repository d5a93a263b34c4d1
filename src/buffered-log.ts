/**
 * A {@link Log} that keeps what it is told, to be written later in one piece: work that runs
 * beside other work (the builder stage built while the final image is measured) would otherwise
 * interleave its lines and groups with the other's, and a job log's groups do not nest.
 */
import type { Log } from './log.ts'

type Item =
  | { kind: 'info' | 'warning' | 'debug'; message: string }
  | { kind: 'group'; name: string; items: Item[] }

/** A log that records; {@link BufferedLog.replay} writes the record to another log, in order. */
export interface BufferedLog extends Log {
  /** Writes everything recorded so far to `log` (groups as groups) and forgets it. */
  replay(log: Log): Promise<void>
}

/**
 * A new, empty {@link BufferedLog}. Groups record their lines inside them; work in one buffered
 * log is expected to run one thing at a time (lines of groups open at once land in the latest).
 */
export function bufferedLog(): BufferedLog {
  const root: Item[] = []
  const stack: Item[][] = [root]
  const add = (item: Item): void => {
    ;(stack[stack.length - 1] ?? root).push(item)
  }
  const write = async (log: Log, items: Item[]): Promise<void> => {
    for (const item of items) {
      if (item.kind === 'group') await log.group(item.name, () => write(log, item.items))
      else log[item.kind](item.message)
    }
  }
  return {
    info: message => add({ kind: 'info', message }),
    warning: message => add({ kind: 'warning', message }),
    debug: message => add({ kind: 'debug', message }),
    group: async (name, fn) => {
      const group: Item = { kind: 'group', name, items: [] }
      add(group)
      stack.push(group.items)
      try {
        return await fn()
      } finally {
        const at = stack.lastIndexOf(group.items)
        if (at > 0) stack.splice(at, 1)
      }
    },
    replay: async log => {
      const items = root.splice(0)
      await write(log, items)
    }
  }
}
