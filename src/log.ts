/**
 * Where progress and build logs go. The action writes through `@actions/core` (groups fold in
 * the job log; src/actions-log.ts); the CLI writes plain lines to stderr. Modules that do I/O
 * take a `Log` so the same core serves both front ends.
 */

export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Runs `fn` with its output folded under `name` (a collapsible group on GitHub). */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** A terminal log on stderr, so stdout keeps only the report. `verbose` shows debug lines. */
export function terminalLog(verbose = false): Log {
  const write = (line: string): void => {
    process.stderr.write(line.endsWith('\n') ? line : `${line}\n`)
  }
  return {
    info: write,
    warning: message => write(`warning: ${message}`),
    debug: message => {
      if (verbose) write(`debug: ${message}`)
    },
    group: async (name, fn) => {
      write(`── ${name}`)
      return fn()
    }
  }
}

/** A log that drops everything (tests, quiet runs). */
export const silentLog: Log = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn()
}

/** What {@link deferredLog} holds until it is replayed. */
type Deferred =
  | { kind: 'info' | 'warning' | 'debug'; message: string }
  | { kind: 'group'; name: string; events: Deferred[] }

/**
 * A log that keeps everything written to it, groups included, until `replay()` writes it to
 * `log` in order. Work that runs beside other work (a build started early) logs through it, so
 * its lines do not interleave with the others' groups on GitHub. `replay()` empties it.
 */
export function deferredLog(log: Log): { log: Log; replay(): Promise<void> } {
  let events: Deferred[] = []
  let current = events
  const deferred: Log = {
    info: message => current.push({ kind: 'info', message }),
    warning: message => current.push({ kind: 'warning', message }),
    debug: message => current.push({ kind: 'debug', message }),
    group: async (name, fn) => {
      const outer = current
      const group: Deferred = { kind: 'group', name, events: [] }
      outer.push(group)
      current = group.events
      try {
        return await fn()
      } finally {
        current = outer
      }
    }
  }
  const write = async (list: Deferred[]): Promise<void> => {
    for (const event of list) {
      if (event.kind === 'group') await log.group(event.name, () => write(event.events))
      else log[event.kind](event.message)
    }
  }
  return {
    log: deferred,
    replay: async () => {
      const list = events
      events = []
      current = events
      await write(list)
    }
  }
}
