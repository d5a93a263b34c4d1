/**
 * The CLI: the same core as the action, outside GitHub. Long options carry the action's input
 * names (`--file`, `--max-size 30MB`, …). Exit codes: 0 all budgets passed (or
 * `--fail-on-budget false`), 1 a budget was exceeded, 2 usage, engine or build error.
 */
import { parseArgs } from 'node:util'
import { breaches } from './budgets.ts'
import { Input } from './constants.ts'
import { parseInputs } from './inputs.ts'
import { terminalLog } from './log.ts'
import { evaluate } from './pipeline.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { renderTerminal } from './report/terminal.ts'
import { VERSION } from './version.ts'

const USAGE = `Usage: image-size-budget [options]

Builds a Dockerfile's final stage and its builder stage, measures both, and checks size budgets.

Options (the action's input names; sizes like 30MB = 30*10^6 bytes, 30MiB = 30*2^20 bytes):
  --context DIR             build context (default .)
  --file PATH               Dockerfile (default <context>/Dockerfile)
  --target STAGE            final stage (default the last stage)
  --builder-target STAGE    builder stage (default: detected)
  --build-args KEY=VALUE    a build argument; repeat for several
  --image REF               measure this image instead of building (also docker-archive:, oci:, oci-archive:)
  --builder-image REF       measure this image as the builder
  --max-size SIZE           budget on the final image's uncompressed size
  --max-compressed-size SIZE  budget on the final image's compressed size
  --max-ratio RATIO         budget on final/builder size: 0.05 or 5%
  --max-layers N            budget on the final image's layer count
  --max-wasted-size SIZE    budget on removable (wasted) bytes
  --min-efficiency RATIO    floor on the efficiency score: 0.95 or 95%
  --baseline-image REF      compare with this image (local, or pulled from its registry)
  --baseline-report PATH    compare with the final image of an earlier run's JSON report
  --max-increase SIZE|PCT   budget on growth over the baseline: 5MB or 5%
  --min-change SIZE         smaller changes show as unchanged (default 1kB)
  --compressed final|all|none  which images get a compressed size (default final)
  --fail-on-budget true|false  exit 1 on a breach (default true)
  --report PATH             where to write the JSON report
  --json                    print the JSON report on stdout instead of the table
  --docker PATH             the docker CLI to use (default docker)
  --verbose                 show build logs and debug lines
  -h, --help                this text
  --version                 the version
`

const STRING_INPUTS = [
  Input.context,
  Input.file,
  Input.target,
  Input.builderTarget,
  Input.image,
  Input.builderImage,
  Input.maxSize,
  Input.maxCompressedSize,
  Input.maxRatio,
  Input.maxLayers,
  Input.maxWastedSize,
  Input.minEfficiency,
  Input.failOnBudget,
  Input.compressed,
  Input.report,
  Input.baselineImage,
  Input.baselineReport,
  Input.maxIncrease,
  Input.minChange
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
        json: { type: 'boolean' },
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
    const inputs = parseInputs(name => {
      const value = values[name]
      if (Array.isArray(value)) return value.join('\n')
      return typeof value === 'string' ? value : ''
    })
    const report = await evaluate(inputs, {
      log: values.verbose ? log : { ...log, info: () => undefined },
      docker: typeof values.docker === 'string' ? values.docker : undefined
    })
    const reportPath = inputs.report ?? defaultReportPath()
    await writeReport(report, reportPath)
    stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderTerminal(report))
    process.stderr.write(`report: ${reportPath}\n`)
    const failed = breaches(report.budgets)
    if (failed.length > 0) {
      for (const breach of failed) process.stderr.write(`budget exceeded: ${breach.message}\n`)
      return inputs.failOnBudget ? 1 : 0
    }
    return 0
  } catch (error) {
    process.stderr.write(`image-size-budget: ${(error as Error).message}\n`)
    return 2
  }
}
