/**
 * The CLI's run (src/cli.ts parses the options; this module and everything a run needs load only
 * when a run is asked for, not for `--help`): inputs → run spec → evaluate → report, history,
 * markdown → table or JSON → exit code.
 */
import { writeFile } from 'node:fs/promises'
import { breaches } from './budgets.ts'
import { Input } from './constants.ts'
import { parseInputs, type Inputs } from './inputs.ts'
import { terminalLog } from './log.ts'
import { BuildError } from './engine/build.ts'
import { commentKeyOfSpec, evaluateRun, runSpecOf } from './run.ts'
import { renderBuildFailureText } from './report/build-failure.ts'
import { failureLine } from './report/run-failure.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { renderRunTerminal } from './report/run-terminal.ts'
import type { CliHistory, CliHistoryOptions } from './history/cli.ts'
import { newRunId } from './run-id.ts'

/** The parsed options (`parseArgs` values, keyed by the action's input names). */
export type CliValues = Record<string, string | string[] | boolean | undefined>

/**
 * Runs the CLI on parsed options and returns the exit code (0 passed, 1 a budget exceeded, 2
 * usage, engine or build error); writes the table or JSON to `stdout`, diagnostics to stderr.
 */
export async function runCli(values: CliValues, stdout: NodeJS.WritableStream): Promise<number> {
  const log = terminalLog(values.verbose === true)
  try {
    const get = (name: string): string => {
      // The CLI's --history-page is a directory, the action's history-page a boolean.
      if (name === Input.historyPage) return ''
      // --history records by default (the action's history-record defaults to false).
      if (name === Input.historyRecord && values[name] === undefined) return 'true'
      const value = values[name]
      if (Array.isArray(value)) return value.join('\n')
      if (typeof value === 'boolean') return String(value)
      return typeof value === 'string' ? value : ''
    }
    const inputs = parseInputs(get)
    const runId = newRunId()
    const reportPath = inputs.report ?? defaultReportPath(runId)
    const runLog = values.verbose ? log : { ...log, info: () => undefined }
    const docker = typeof values.docker === 'string' ? values.docker : undefined
    // The history modules (and the GitHub client they share with the action) load only when a
    // history option is set: without one, every step is a no-op.
    const historyWanted =
      values.history !== undefined ||
      values[Input.historyPage] !== undefined ||
      inputs.baseline?.kind === 'history'
    const cliHistory = historyWanted ? (await import('./history/cli.ts')).cliHistory : noHistory
    const historyOf = (image: Inputs): CliHistory =>
      cliHistory({
        inputs: image,
        path: stringOption(values.history),
        pageDir: stringOption(values[Input.historyPage]),
        log: runLog
      })
    const history = historyOf(inputs)
    // --history checks that need no build (its directory, its size, --drift-since) come first.
    await history.prepare()
    // The images: a bake file, a config file, or the one image of the options (src/run.ts).
    const source = await runSpecOf(inputs, get, { docker })
    const run = await evaluateRun(source.spec, inputs, {
      log: runLog,
      docker,
      runId,
      reportPath,
      historyBaseline: (final, image) => historyOf(image).baseline(final)
    })
    await writeReport(run, reportPath)
    // The size history (--history): each entry, the page, the markdown with the trends.
    const trends: Record<string, string> = {}
    const markdownWanted = typeof values.markdown === 'string'
    if (historyWanted || markdownWanted) {
      const { entryKey, entryReport } = await import('./report/run-markdown.ts')
      for (const entry of run.images) {
        const report = entryReport(run, entry)
        await history.record(report, entry.name)
        if (markdownWanted) {
          const trend = await history.trend(report, entry.name)
          if (trend) trends[entryKey(entry)] = trend
        }
      }
    }
    await history.page()
    if (typeof values.markdown === 'string') {
      const { renderRunMarkdown } = await import('./report/run-markdown.ts')
      const markdown = renderRunMarkdown(run, {
        commentKey: commentKeyOfSpec(inputs, source),
        minChange: inputs.minChange,
        trends
      })
      await writeFile(values.markdown, markdown)
    }
    stdout.write(
      values.json
        ? `${JSON.stringify(run, null, 2)}\n`
        : renderRunTerminal(run, { minChange: inputs.minChange })
    )
    // What --history recorded and each image's trend, after the table (stderr beside --json).
    const notes = values.json ? process.stderr : stdout
    notes.write(history.terminalLines())
    process.stderr.write(`report: ${reportPath}\n`)
    if (!run.passed) {
      const failures = run.failures ?? []
      const several = run.images.length + failures.length > 1
      for (const entry of run.images) {
        for (const breach of breaches(entry.budgets)) {
          const what = several ? `${entry.name} (${entry.platform}): ` : ''
          process.stderr.write(`budget exceeded: ${what}${breach.message}\n`)
        }
      }
      // A failed build of one image of several (the others measured and reported above): exit 2,
      // the code of a failed build, whatever --fail-on-budget says.
      for (const failure of failures) {
        process.stderr.write(`image-size-budget: build failed: ${failureLine(failure)}\n`)
      }
      if (failures.length > 0) return 2
      return inputs.failOnBudget ? 1 : 0
    }
    return 0
  } catch (error) {
    process.stderr.write(
      error instanceof BuildError
        ? `image-size-budget: ${renderBuildFailureText(error)}`
        : `image-size-budget: ${(error as Error).message}\n`
    )
    return 2
  }
}

/** The CLI's history steps without any history option: each is a no-op. */
function noHistory(opts: CliHistoryOptions): CliHistory {
  return {
    prepare: async () => undefined,
    baseline: async () => {
      opts.log.warning('--baseline history needs --history PATH; this run has no baseline.')
      return undefined
    },
    record: async () => undefined,
    trend: async () => '',
    page: async () => undefined,
    terminalLines: () => ''
  }
}

function stringOption(value: string | string[] | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
