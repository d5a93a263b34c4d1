/**
 * The GitHub Actions log (`core.info`, `core.warning`, `core.group`), apart from src/log.ts so
 * the CLI does not load `@actions/core` (and the HTTP client it brings) to write to stderr.
 */
import * as core from '@actions/core'
import type { Log } from './log.ts'

/** The GitHub Actions log: `core.info`, `core.warning`, `core.group`. */
export const actionsLog: Log = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  debug: message => core.debug(message),
  group: (name, fn) => core.group(name, fn)
}
