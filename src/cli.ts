/**
 * The CLI: the same core as the action, outside GitHub. Long options carry the action's input
 * names (`--file`, `--max-size 30MB`, …). Exit codes: 0 all budgets passed (or
 * `--fail-on-budget false`), 1 a budget was exceeded, 2 usage, engine or build error.
 */
import { parseArgs } from 'node:util'
import { breaches } from './budgets.ts'
import { Input } from './constants.ts'
import { parseInputs, type Inputs } from './inputs.ts'
import { terminalLog } from './log.ts'
import { BuildError } from './engine/build.ts'
import { commentKeyOfSpec, evaluateRun, runSpecOf } from './run.ts'
import { renderBuildFailureText } from './report/build-failure.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { renderRunTerminal } from './report/run-terminal.ts'
import { entryKey, entryReport, renderRunMarkdown } from './report/run-markdown.ts'
import { cliHistory, type CliHistory } from './history/cli.ts'
import { writeFile } from 'node:fs/promises'
import { newRunId } from './run-id.ts'
import { VERSION } from './version.ts'

const USAGE = `Usage: image-size-budget [options]

Builds a Dockerfile's final stage and its builder stage, measures both, and checks size budgets.

Options (the action's input names; sizes like 30MB = 30*10^6 bytes, 30MiB = 30*2^20 bytes):
  --context DIR             build context (default .)
  --file PATH               Dockerfile (default <context>/Dockerfile)
  --target STAGE            final stage (default the last stage)
  --builder-target STAGE    builder stage (default: detected)
  --build-args KEY=VALUE    a build argument; repeat for several
  --image REF               measure this image instead of building (local, else read from its
                            registry; also docker://, docker-archive:, oci:, oci-archive:)
  --builder-image REF       measure this image as the builder
  --builder NAME            the buildx builder to build with (default BUILDX_BUILDER or buildx's current)
  --platforms LIST          build and measure each platform (linux/amd64,linux/arm64); one entry each
  --config PATH             a config file listing several images (default
                            .github/image-size-budget.yml when present); see docs/config.schema.json
  --bake FILE               a bake file (HCL, JSON or compose) whose targets are the images; repeat
                            for several; budgets from --config or the budget options
  --targets LIST            the bake targets to measure (default the bake file's default group)
  --max-size SIZE           budget on the final image's uncompressed size
  --max-compressed-size SIZE  budget on the final image's compressed size
  --max-ratio RATIO         budget on final/builder size: 0.05 or 5%
  --max-layers N            budget on the final image's layer count
  --max-wasted-size SIZE    budget on removable (wasted) bytes
  --min-efficiency RATIO    floor on the efficiency score: 0.95 or 95%
  --max-findings-size SIZE  budget on the bytes the findings' fixes would save
  --baseline-image REF      compare with this image (local, or pulled from its registry)
  --baseline-report PATH    compare with the final image of an earlier run's JSON report
  --max-increase SIZE|PCT   budget on growth over the baseline: 5MB or 5%
  --min-change SIZE         smaller changes show as unchanged (default 1kB)
  --compressed final|all|none  which images get a compressed size (default final)
  --fail-on-budget true|false  exit 1 on a breach (default true)
  --report PATH             where to write the JSON report
  --json                    print the JSON report (schema 2: one entry per image and platform)
                            on stdout instead of the table
  --markdown PATH           also write the markdown the action would post (summary, comment)
  --history PATH            size history (JSON Lines): record this run at git HEAD, show the trend
  --history-limit N         entries kept per image in --history (default 500)
  --history-record true|false  record this run in --history (default true when --history is set)
  --history-page DIR        write DIR/index.html charting every image in --history
  --baseline history        compare with the newest --history entry at or before HEAD (no build)
  --drift-since REV|DATE    the trend shows the change since this git revision (tag, branch,
                            commit, HEAD~3) or date (YYYY-MM-DD)
  --comment-key KEY         the image's key in the history and markdown (default <file>:<target>)
  --docker PATH             the docker CLI to use (default docker)
  --keep-images             keep the tags of the images this run builds (default: removed at the end)
  --verbose                 show build logs and debug lines
  -h, --help                this text
  --version                 the version

Exit codes:
  0  all budgets passed (or none is set, or --fail-on-budget false)
  1  a budget was exceeded
  2  usage error, engine error or failed build
`

const STRING_INPUTS = [
  Input.context,
  Input.file,
  Input.target,
  Input.builderTarget,
  Input.image,
  Input.builderImage,
  Input.builder,
  Input.maxSize,
  Input.maxCompressedSize,
  Input.maxRatio,
  Input.maxLayers,
  Input.maxWastedSize,
  Input.minEfficiency,
  Input.maxFindingsSize,
  Input.failOnBudget,
  Input.compressed,
  Input.report,
  Input.baselineImage,
  Input.baselineReport,
  Input.maxIncrease,
  Input.minChange,
  Input.baseline,
  Input.commentKey,
  Input.historyLimit,
  Input.historyRecord,
  Input.driftSince,
  Input.config,
  Input.targets,
  Input.platforms
]

/**
 * Runs the CLI over `argv` (without node and script) and returns the exit code; writes the table
 * or JSON to `stdout` and diagnostics to stderr.
 */
export async function main(
  argv: string[],
  stdout: NodeJS.WritableStream = process.stdout
): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>
  try {
    const options = Object.fromEntries(
      STRING_INPUTS.map(name => [name, { type: 'string' as const }])
    )
    values = parseArgs({
      args: argv,
      options: {
        ...options,
        [Input.buildArgs]: { type: 'string', multiple: true },
        [Input.bake]: { type: 'string', multiple: true },
        [Input.keepImages]: { type: 'boolean' },
        json: { type: 'boolean' },
        markdown: { type: 'string' },
        history: { type: 'string' },
        [Input.historyPage]: { type: 'string' },
        docker: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' }
      },
      strict: true,
      allowPositionals: false
    }).values
  } catch (error) {
    process.stderr.write(`image-size-budget: ${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    stdout.write(USAGE)
    return 0
  }
  if (values.version) {
    stdout.write(`${VERSION}\n`)
    return 0
  }

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
    for (const entry of run.images) {
      const report = entryReport(run, entry)
      await history.record(report, entry.name)
      if (typeof values.markdown === 'string') {
        const trend = await history.trend(report, entry.name)
        if (trend) trends[entryKey(entry)] = trend
      }
    }
    await history.page()
    if (typeof values.markdown === 'string') {
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
      const several = run.images.length > 1
      for (const entry of run.images) {
        for (const breach of breaches(entry.budgets)) {
          const what = several ? `${entry.name} (${entry.platform}): ` : ''
          process.stderr.write(`budget exceeded: ${what}${breach.message}\n`)
        }
      }
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

function stringOption(value: string | string[] | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
