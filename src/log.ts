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
