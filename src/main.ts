/**
 * The action, read top to bottom:
 * inputs → run spec (one image, a config file or a bake file) → evaluate each image on each
 * platform (plan, build, measure, builder, baseline, budgets) → publish (JSON report, job summary,
 * outputs, annotations, PR comment, history) → outcome. Every error ends in `core.setFailed`.
 *
 * `mode: comment` skips the measurement: it posts a report measured by an earlier, untrusted
 * workflow to the pull request named by the trusted `workflow_run` event.
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { isAbsolute, relative, resolve } from 'node:path'
import { loadRunReport } from './baseline/report.ts'
import { REPORT_LIMITS } from './baseline/report-schema.ts'
import { breaches } from './budgets.ts'
import { Input, Output, TOOL_NAME } from './constants.ts'
import { upsertComment } from './github/comment.ts'
import { findOpenPullRequestByHead } from './github/pulls.ts'
import { actionHistory, type ActionHistory } from './history/action.ts'
import { parseInputs, type Inputs } from './inputs.ts'
import { actionsLog } from './actions-log.ts'
import type { Instruction, RunReport } from './model.ts'
import { BuildError } from './engine/build.ts'
import { commentKeyOfSpec, evaluateRun, runSpecOf } from './run.ts'
import {
  pullRequestOfEvent,
  pullRequestOfWorkflowRun,
  shouldComment
} from './publish/pull-request.ts'
import {
  compareRunWithBaseline,
  mergeRuns,
  recheckRun,
  runCommentKey,
  runFailureMessage,
  type RunFile
} from './publish/aggregate.ts'
import { entryKey, entryReport, renderRunMarkdown } from './report/run-markdown.ts'
import { resultsOutput } from './report/results.ts'
import { VERSION } from './version.ts'
import { budgetAnnotations } from './report/attribution.ts'
import { findingAnnotations } from './report/changes-markdown.ts'
import { failedInStage, renderBuildFailureMarkdown } from './report/build-failure.ts'
import { failureLine } from './report/run-failure.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { newRunId } from './run-id.ts'
import { efficiencyOutput, percentOutput, ratioOutput } from './units.ts'

/** Build-argument values at least this long are registered with the runner as secrets. */
const SECRET_MIN_LENGTH = 8

/**
 * The job summary's length limit in UTF-16 code units: GitHub takes up to 1 MiB (1,048,576 bytes)
 * of summary per step, so the summary keeps the details a 65,536-character comment leaves out.
 */
const JOB_SUMMARY_MAX_LENGTH = 1_000_000
/** GitHub's limit on one step's job summary, in UTF-8 bytes. */
const JOB_SUMMARY_MAX_BYTES = 1_048_576

/** Runs the action. Never throws: failures become `core.setFailed`. */
export async function run(): Promise<void> {
  let measuring = false
  try {
    const inputs = parseInputs(name => core.getInput(name))
    // Build-argument values may be secrets: the runner masks these in the log from here on (short
    // values such as versions are left readable; see maskBuildArgValues).
    for (const value of Object.values(inputs.buildArgs)) {
      if (value.length >= SECRET_MIN_LENGTH) core.setSecret(value)
    }
    if (inputs.mode === 'comment') return await commentMode(inputs)
    if (inputs.mode === 'aggregate') return await aggregateMode(inputs)

    measuring = true
    const runId = newRunId()
    const reportPath = inputs.report ?? defaultReportPath(runId)
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    // The images: a bake file, a config file, or the one image of the inputs (src/run.ts).
    const source = await runSpecOf(inputs, name => core.getInput(name), { workspace })
    for (const image of source.spec.images) {
      for (const value of Object.values(image.build.buildArgs)) {
        if (value.length >= SECRET_MIN_LENGTH) core.setSecret(value)
      }
    }
    const history = historyOfRun(inputs)
    const measured = await evaluateRun(source.spec, inputs, {
      log: actionsLog,
      event: { name: github.context.eventName, payload: github.context.payload },
      workspace,
      runId,
      reportPath,
      // Each image's own history (its name is its key).
      historyBaseline: (final, image) => historyOfRun(image).baseline(final)
    })

    await writeReport(measured, reportPath)
    const key = commentKeyOfSpec(inputs, source)
    // The size history: each entry (pushes to the default branch, tags), then its trend.
    const trends: Record<string, string> = {}
    for (const entry of measured.images) {
      const report = entryReport(measured, entry)
      await history.record(report, entry.name)
      const trend = await history.trend(report, entry.name)
      if (trend) trends[entryKey(entry)] = trend
    }
    const renderOpts = { commentKey: key, minChange: inputs.minChange, trends }
    // The comment (and the markdown output) within a comment's limit; the summary within its own.
    const markdown = renderRunMarkdown(measured, renderOpts)
    await core.summary
      .addRaw(jobSummary(maxLength => renderRunMarkdown(measured, { ...renderOpts, maxLength })))
      .write()
    setOutputs(measured, reportPath, markdown)
    annotate(measured, inputs)
    if (shouldComment(inputs.comment, github.context.eventName)) {
      // After the report and before the verdict; never throws, so budgets alone decide the step.
      await comment(inputs, key, markdown, () =>
        pullRequestOfEvent(github.context.eventName, github.context.payload)
      )
    }

    const failures = measured.failures ?? []
    if (failures.length > 0) {
      // A failed build fails the step whatever fail-on-budget says, as for a single image.
      const lines = [
        `Build failed (${failures.length} of ${measured.images.length + failures.length}):`,
        ...failures.map(failure => `- ${failureLine(failure)}`)
      ]
      if (inputs.failOnBudget && measured.images.some(entry => breaches(entry.budgets).length)) {
        lines.push(runFailureMessage(measured))
      }
      core.setFailed(lines.join('\n'))
      return
    }
    const budgets = measured.images.flatMap(entry => entry.budgets)
    if (measured.passed) {
      core.info(
        budgets.length === 0
          ? 'No size budget is set.'
          : `All ${budgets.length} size budgets passed.`
      )
    } else if (inputs.failOnBudget) {
      core.setFailed(runFailureMessage(measured))
    } else {
      const several = measured.images.length > 1
      for (const entry of measured.images) {
        const what = several ? `${entry.name} (${entry.platform}): ` : ''
        for (const breach of breaches(entry.budgets)) {
          core.warning(`Size budget exceeded: ${what}${breach.message}`)
        }
      }
    }
  } catch (error) {
    if (measuring) await reportFailure(error)
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

/**
 * A measurement that ended in an error still reports: `passed=false` (no budget was checked), and
 * for a failed build the job summary (the stage, the failing line, the log tail), the `markdown`
 * output, and an error annotation on the failing Dockerfile line when the log names it.
 */
async function reportFailure(error: unknown): Promise<void> {
  core.setOutput(Output.passed, false)
  if (!(error instanceof BuildError)) return
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const inWorkspace = (file: string): string | undefined => {
    const path = relative(workspace, resolve(file))
    // A base-ref build fails in a worktree outside the checkout: no line of the PR to annotate.
    return path.startsWith('..') || isAbsolute(path) ? undefined : path
  }
  const markdown = renderBuildFailureMarkdown(error, {
    displayPath: location => inWorkspace(location.file) ?? location.file
  })
  core.setOutput(Output.markdown, markdown)
  await core.summary
    .addRaw(markdown)
    .write()
    .catch((failure: Error) => core.warning(`The job summary was not written: ${failure.message}`))
  const file = error.location && inWorkspace(error.location.file)
  if (error.location && file !== undefined) {
    const what = error.instruction ? `${error.instruction.keyword} failed` : 'The build failed here'
    const stage = failedInStage(error)
    core.error(`${what}${stage} (exit code ${error.exitCode}) while building the ${error.label}.`, {
      file,
      startLine: error.location.line,
      title: 'Image size budget: build failed'
    })
  }
}

/**
 * `mode: comment`: validate the untrusted `report` (schema 1 or 2; and `baseline-report`),
 * recheck its verdicts, render it, and post it to the pull request the `workflow_run` payload
 * names (matching its head SHA); then, like the measuring step, fail the step when an image is
 * over a budget and `fail-on-budget` is true (else warn). `passed` is the rechecked verdict.
 */
async function commentMode(inputs: Inputs): Promise<void> {
  if (!inputs.report) {
    throw new Error(`Input ${Input.report}: mode: comment needs the path of the report to post.`)
  }
  // The report is untrusted: each budget row's status is recomputed from its limit and actual
  // value, and the verdicts from those.
  const run = await withBaselineReport(
    recheckRun(await loadRunReport(inputs.report, Input.report)),
    inputs
  )
  const pr = await pullRequestOfRun(inputs)
  const key = runCommentKey(inputs.commentKey, run)
  const markdown = await publishRun(run, key, inputs)
  if (pr.number === undefined) {
    core.warning(`No open pull request has head ${pr.headSha}; the report was not posted.`)
  } else {
    await comment(inputs, key, markdown, pr.number)
  }
  runVerdict(run, inputs)
}

/**
 * `mode: aggregate`: read every report `reports` matches (each untrusted, rechecked as in
 * `mode: comment`), merge them into one run (src/publish/aggregate.ts `mergeRuns`), compare with
 * `baseline-report` when set, then write the run to `report`, one job summary, the outputs and
 * one sticky comment (on a pull request event, or the pull request of a `workflow_run`), and fail
 * the step when an image is over a budget and `fail-on-budget` is true.
 */
async function aggregateMode(inputs: Inputs): Promise<void> {
  const files: RunFile[] = []
  for (const path of await matchReports(inputs.reports)) {
    files.push({ path, run: await loadRunReport(path, Input.reports) })
  }
  const merged = mergeRuns(
    files,
    { tool: { name: TOOL_NAME, version: VERSION }, createdAt: new Date().toISOString() },
    Input.reports
  )
  const run = await withBaselineReport(merged, inputs)
  core.info(
    `Merged ${run.images.length} image${run.images.length === 1 ? '' : 's'} from ${files.length} report${files.length === 1 ? '' : 's'}: ${files.map(file => file.path).join(', ')}`
  )
  const reportPath = inputs.report ?? defaultReportPath(newRunId())
  await writeReport(run, reportPath)
  core.setOutput(Output.report, reportPath)
  const key = runCommentKey(inputs.commentKey, run)
  const markdown = await publishRun(run, key, inputs)
  const { eventName, payload } = github.context
  if (inputs.comment !== 'false' && eventName === 'workflow_run') {
    const pr = await pullRequestOfRun(inputs)
    if (pr.number === undefined) {
      core.warning(`No open pull request has head ${pr.headSha}; the report was not posted.`)
    } else {
      await comment(inputs, key, markdown, pr.number)
    }
  } else if (shouldComment(inputs.comment, eventName)) {
    await comment(inputs, key, markdown, () => pullRequestOfEvent(eventName, payload))
  }
  runVerdict(run, inputs)
}

/**
 * The verdict of a run read back (`mode: comment`, `mode: aggregate`): over a budget, the step
 * fails naming each breach when `fail-on-budget` is true, else one warning says the same.
 */
function runVerdict(run: RunReport, inputs: Inputs): void {
  const count = `${run.images.length} image${run.images.length === 1 ? '' : 's'}`
  if (run.passed) core.info(`All ${count} passed their size budgets.`)
  else if (inputs.failOnBudget) core.setFailed(runFailureMessage(run))
  else core.warning(runFailureMessage(run))
}

/**
 * The report files `patterns` (input `reports`) match: `@actions/glob` patterns, one per line
 * (`#` comments, `!` exclusions), relative to the working directory; files only, symbolic links
 * not followed into directories. Sorted, so the merge order is the same on every runner.
 *
 * @throws Error naming `reports` when it is unset, matches no file, or matches more files than a
 *   run may hold images.
 */
async function matchReports(patterns: string | undefined): Promise<string[]> {
  if (!patterns) {
    throw new Error(
      `Input ${Input.reports}: mode: aggregate needs the reports to merge, e.g. reports/**/*.json (the downloaded artifacts of the matrix's jobs).`
    )
  }
  const glob = await import('@actions/glob')
  const globber = await glob.create(patterns, {
    followSymbolicLinks: false,
    implicitDescendants: false,
    matchDirectories: false
  })
  const paths = (await globber.glob()).sort()
  if (paths.length === 0) {
    throw new Error(
      `Input ${Input.reports}: no report matched ${JSON.stringify(patterns)} (from ${process.cwd()}). Check the path the artifacts were downloaded to.`
    )
  }
  if (paths.length > REPORT_LIMITS.images) {
    throw new Error(
      `Input ${Input.reports}: ${paths.length} files matched, more than the ${REPORT_LIMITS.images} images one report may hold.`
    )
  }
  return paths
}

/**
 * With `baseline-report`: `run` compared entry by entry with the entries of that report
 * (src/publish/aggregate.ts `compareRunWithBaseline`: max-increase rows recomputed against it,
 * with the step's `max-increase` when set, else each job's own limit); mismatches warn. Without:
 * `run`, and a `max-increase` input warns that it has nothing to compare with.
 */
async function withBaselineReport(run: RunReport, inputs: Inputs): Promise<RunReport> {
  if (inputs.baseline?.kind !== 'report') {
    if (inputs.budgets.maxIncrease !== undefined) {
      core.warning(
        `Input ${Input.maxIncrease}: mode: ${inputs.mode} has no baseline to compare with, so it is not applied (each report keeps the max-increase rows its job measured). Set ${Input.baselineReport} to compare every image with one baseline under this limit.`
      )
    }
    return run
  }
  const path = inputs.baseline.path
  const compared = compareRunWithBaseline(
    run,
    await loadRunReport(path, Input.baselineReport),
    path,
    inputs.minChange,
    Input.baselineReport,
    inputs.budgets.maxIncrease
  )
  for (const warning of compared.warnings) core.warning(warning)
  for (const note of compared.notes) core.info(note)
  return compared.run
}

/**
 * The job summary and the `markdown`, `passed` and `results` outputs of a run read back
 * (`mode: comment`, `mode: aggregate`). The summary is rendered within its own limit
 * ({@link jobSummary}); the `markdown` output is the comment's body (65,536 characters at most).
 *
 * @returns the markdown (the comment's body).
 */
async function publishRun(run: RunReport, key: string, inputs: Inputs): Promise<string> {
  const opts = { commentKey: key, minChange: inputs.minChange }
  const markdown = renderRunMarkdown(run, opts)
  await core.summary
    .addRaw(jobSummary(maxLength => renderRunMarkdown(run, { ...opts, maxLength })))
    .write()
  core.setOutput(Output.markdown, markdown)
  core.setOutput(Output.passed, run.passed)
  core.setOutput(Output.results, resultsOutput(run))
  return markdown
}

/**
 * The job summary's markdown: `render` at {@link JOB_SUMMARY_MAX_LENGTH} code units, or — when
 * that is over GitHub's {@link JOB_SUMMARY_MAX_BYTES} in UTF-8 (text far from ASCII) — at a third
 * of the byte limit (a UTF-16 code unit is at most 3 bytes of UTF-8).
 *
 * @param render the run's markdown at most `maxLength` UTF-16 code units long.
 */
function jobSummary(render: (maxLength: number) => string): string {
  const markdown = render(JOB_SUMMARY_MAX_LENGTH)
  if (Buffer.byteLength(markdown, 'utf8') <= JOB_SUMMARY_MAX_BYTES) return markdown
  return render(Math.floor(JOB_SUMMARY_MAX_BYTES / 3))
}

/**
 * The pull request of a `workflow_run` event (`mode: comment`, `mode: aggregate`): from the
 * payload, else looked up among the open pull requests by head commit (runs from forks).
 *
 * @returns the run's head commit and the pull request's number, undefined when none is open (a
 *   warning says why the lookup failed).
 * @throws Error naming `mode` when the event is not `workflow_run`.
 */
async function pullRequestOfRun(
  inputs: Inputs
): Promise<{ headSha: string; number: number | undefined }> {
  const { eventName, payload, repo } = github.context
  const run = pullRequestOfWorkflowRun(eventName, payload)
  const number =
    run.number ??
    (await findOpenPullRequestByHead({
      token: token(inputs),
      ...repo,
      headSha: run.headSha,
      headRepo: run.headRepo,
      headBranch: run.headBranch,
      log: actionsLog
    }).catch((error: Error) => {
      core.warning(`Could not look up the pull request of ${run.headSha}: ${error.message}`)
      return undefined
    }))
  return { headSha: run.headSha, number }
}

/**
 * Creates or updates the sticky comment on `issueNumber` (a number, or a function that finds it
 * and throws when the event has none). Never throws: a comment never fails the step, so every
 * failure — no pull request (a push with `comment: true`), no token, 401, 404, 422, errors that
 * outlasted the retries — is one warning; a read-only token (fork PRs) warns in `upsertComment`.
 */
async function comment(
  inputs: Inputs,
  key: string,
  body: string,
  issueNumber: number | (() => number)
): Promise<void> {
  try {
    await upsertComment({
      token: token(inputs),
      ...github.context.repo,
      issueNumber: typeof issueNumber === 'number' ? issueNumber : issueNumber(),
      key,
      body,
      log: actionsLog
    })
  } catch (error) {
    core.warning(
      `The PR comment was not posted: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

/** The size history of this run (`src/history/action.ts`), with the workflow's token when set. */
function historyOfRun(inputs: Inputs): ActionHistory {
  const value = inputs.githubToken ?? process.env.GITHUB_TOKEN
  if (value) core.setSecret(value)
  // Not github.context.repo: it throws without GITHUB_REPOSITORY (runs outside Actions).
  const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/')
  const server = process.env.GITHUB_SERVER_URL || 'https://github.com'
  return actionHistory({
    inputs,
    eventName: github.context.eventName,
    payload: github.context.payload,
    owner,
    repo,
    // Both are unset outside Actions (github.context types them as strings all the same).
    sha: github.context.sha ?? '',
    ref: github.context.ref ?? '',
    token: value || undefined,
    repoUrl: `${server}/${owner}/${repo}`,
    log: actionsLog
  })
}

function token(inputs: Inputs): string {
  const value = inputs.githubToken ?? process.env.GITHUB_TOKEN
  if (!value)
    throw new Error(`Input ${Input.githubToken}: a token is needed to comment on the pull request.`)
  core.setSecret(value)
  return value
}

/**
 * The step's outputs: `passed`, `report`, `markdown` and `results` (one compact row per entry)
 * always; for a run of one entry also its per-image outputs (size, layers, builder, compressed,
 * waste, baseline).
 */
function setOutputs(measured: RunReport, reportPath: string, markdown: string): void {
  core.setOutput(Output.passed, measured.passed)
  core.setOutput(Output.report, reportPath)
  core.setOutput(Output.markdown, markdown)
  core.setOutput(Output.results, resultsOutput(measured))
  const [entry] = measured.images
  if (measured.images.length !== 1 || !entry || measured.failures?.length) return
  const { final, builder, comparison, baseline, baselineComparison } = entry
  core.setOutput(Output.size, final.size)
  core.setOutput(Output.layers, final.layers.length)
  core.setOutput(Output.imageId, final.id)
  if (builder && comparison) {
    core.setOutput(Output.builderSize, builder.size)
    core.setOutput(Output.builderImageId, builder.id)
    core.setOutput(Output.saved, comparison.saved)
    core.setOutput(Output.ratio, ratioOutput(comparison.ratio))
    if (builder.compressed) core.setOutput(Output.builderCompressedSize, builder.compressed.size)
  }
  if (final.compressed) {
    core.setOutput(Output.compressedSize, final.compressed.size)
    core.setOutput(Output.compressedSizeExact, final.compressed.exact)
  }
  if (final.waste) {
    core.setOutput(Output.efficiency, efficiencyOutput(final.waste.efficiency))
    core.setOutput(Output.wasted, final.waste.removableBytes)
  }
  if (final.base) core.setOutput(Output.addedSize, final.base.addedSize)
  if (baseline && baselineComparison) {
    core.setOutput(Output.baselineSize, baseline.size)
    core.setOutput(Output.sizeChange, baselineComparison.change)
    core.setOutput(Output.sizeChangePercent, percentOutput(baselineComparison.changePercent))
  }
}

/**
 * Annotates, for each entry, the Dockerfile lines responsible for its breaches
 * ({@link budgetAnnotations}: the layer that grew most over the baseline for max-increase, the
 * largest added layer for the other size budgets, the last rewrite of the most wasted path for
 * the waste budgets; an error when the step fails, else a warning) and its findings. In a run of
 * several entries each message starts with the image and platform.
 */
function annotate(measured: RunReport, inputs: Inputs): void {
  // A failed build: an error on its failing Dockerfile line (a path in the workspace).
  for (const failure of measured.failures ?? []) {
    const file = failure.file
    if (file === undefined || failure.line === undefined) continue
    if (isAbsolute(file) || file.startsWith('..')) continue
    const what = failure.instruction
      ? `${failure.instruction.split(' ')[0]} failed`
      : 'The build failed here'
    core.error(`${failure.name} (${failure.platform}): ${what}. ${failure.message}`, {
      file,
      startLine: failure.line,
      title: 'Image size budget: build failed'
    })
  }
  const several = measured.images.length > 1 || (measured.failures?.length ?? 0) > 0
  for (const entry of measured.images) {
    const report = entryReport(measured, entry)
    const prefix = several ? `${entry.name} (${entry.platform}): ` : ''
    for (const annotation of budgetAnnotations(report)) {
      emit(inputs, annotation.instruction, prefix + annotation.message)
    }
    if (inputs.annotations === false) continue
    for (const a of findingAnnotations(report)) {
      core.warning(prefix + a.message, {
        file: relative(process.env.GITHUB_WORKSPACE || process.cwd(), resolve(a.file)),
        startLine: a.line,
        title: a.title
      })
    }
  }
}

function emit(inputs: Inputs, instruction: Instruction, message: string): void {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const file = relative(workspace, resolve(instruction.location.file))
  const properties = { file, startLine: instruction.location.line, title: 'Image size budget' }
  if (inputs.failOnBudget) core.error(message, properties)
  else core.warning(message, properties)
}
