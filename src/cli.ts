/**
 * The CLI: the same core as the action, outside GitHub. Long options carry the action's input
 * names (`--file`, `--max-size 30MB`, …). Exit codes: 0 all budgets passed (or
 * `--fail-on-budget false`), 1 a budget was exceeded, 2 usage, engine or build error.
 */
import { parseArgs } from 'node:util'
import { Input } from './constants.ts'
import type { CliValues } from './cli-run.ts'
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
     (of several images, one failed build still lets the others be measured and
     reported: the table, --report and --markdown name the failed one)
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
  let values: CliValues
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

  // The run's modules load only now: --help, --version and usage errors need none of them.
  const { runCli } = await import('./cli-run.ts')
  return runCli(values, stdout)
}
