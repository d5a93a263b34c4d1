/**
 * The action, read top to bottom:
 * inputs → evaluate (plan, build, measure, builder, baseline, budgets) → publish (JSON report,
 * job summary, outputs, annotations, PR comment) → outcome. Every error ends in `core.setFailed`.
 *
 * `mode: comment` skips the measurement: it posts a report measured by an earlier, untrusted
 * workflow to the pull request named by the trusted `workflow_run` event.
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { isAbsolute, relative, resolve } from 'node:path'
import { compareWithBaseline } from './baseline/compare.ts'
import { loadBaselineReport } from './baseline/report.ts'
import { breaches, recheckBudgets } from './budgets.ts'
import { Input, Output } from './constants.ts'
import { upsertComment } from './github/comment.ts'
import { findOpenPullRequestByHead } from './github/pulls.ts'
import { actionHistory, type ActionHistory } from './history/action.ts'
import { parseInputs, type Inputs } from './inputs.ts'
import { actionsLog } from './log.ts'
import type { Instruction, Report } from './model.ts'
import { BuildError } from './engine/build.ts'
import { evaluate } from './pipeline.ts'
import {
  commentKeyOf,
  pullRequestOfEvent,
  pullRequestOfWorkflowRun,
  shouldComment
} from './publish/pull-request.ts'
import { budgetAnnotations } from './report/attribution.ts'
import { findingAnnotations } from './report/changes-markdown.ts'
import { failedInStage, renderBuildFailureMarkdown } from './report/build-failure.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { GITHUB_COMMENT_MAX_LENGTH, renderMarkdown } from './report/markdown.ts'
import { withTrend } from './history/trend.ts'
import { newRunId } from './run-id.ts'
import { efficiencyOutput, percentOutput, ratioOutput } from './units.ts'

/** Build-argument values at least this long are registered with the runner as secrets. */
const SECRET_MIN_LENGTH = 8

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

    measuring = true
    const runId = newRunId()
    const reportPath = inputs.report ?? defaultReportPath(runId)
    const history = historyOfRun(inputs)
    const report = await evaluate(inputs, {
      log: actionsLog,
      event: { name: github.context.eventName, payload: github.context.payload },
      workspace: process.env.GITHUB_WORKSPACE || process.cwd(),
      runId,
      reportPath,
      historyBaseline: final => history.baseline(final)
    })

    await writeReport(report, reportPath)
    const key = commentKeyOf(inputs, report)
    // The size history: this run's entry (pushes to the default branch, tags), then the trend.
    await history.record(report, key)
    const trend = await history.trend(report, key)
    const markdown = withTrend(
      renderMarkdown(report, {
        commentKey: key,
        baseline: { minChange: inputs.minChange },
        // Room for the trend, so the comment stays under GitHub's limit.
        ...(trend ? { maxLength: GITHUB_COMMENT_MAX_LENGTH - trend.length - 4 } : {})
      }),
      trend
    )
    await core.summary.addRaw(markdown).write()
    setOutputs(report, reportPath, markdown)
    annotate(report, inputs)
    if (shouldComment(inputs.comment, github.context.eventName)) {
      // After the report and before the verdict; never throws, so budgets alone decide the step.
      await comment(inputs, key, markdown, () =>
        pullRequestOfEvent(github.context.eventName, github.context.payload)
      )
    }

    const failed = breaches(report.budgets)
    if (failed.length === 0) {
      core.info(
        report.budgets.length === 0
          ? 'No size budget is set.'
          : `All ${report.budgets.length} size budgets passed.`
      )
    } else if (inputs.failOnBudget) {
      core.setFailed(budgetFailureMessage(report))
    } else {
      for (const breach of failed) core.warning(`Size budget exceeded: ${breach.message}`)
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
 * `mode: comment`: validate the untrusted `report` (and `baseline-report`), render it, and post
 * it to the pull request the `workflow_run` payload names (matching its head SHA).
 */
async function commentMode(inputs: Inputs): Promise<void> {
  if (!inputs.report) {
    throw new Error(`Input ${Input.report}: mode: comment needs the path of the report to post.`)
  }
  const report = await loadBaselineReport(inputs.report, Input.report)
  // The report is untrusted: each budget row's status is recomputed from its limit and actual
  // value, and the verdict from those.
  report.budgets = recheckBudgets(report.budgets)
  report.passed = report.budgets.every(budget => budget.passed)
  if (inputs.baseline?.kind === 'report') {
    const earlier = (await loadBaselineReport(inputs.baseline.path, Input.baselineReport)).final
    // Named by its report path; the change is against this baseline, not the report's own.
    report.baseline = { ...earlier, ref: inputs.baseline.path }
    report.baselineComparison = compareWithBaseline(
      report.final,
      report.baseline,
      inputs.minChange,
      report.budgets
    )
  }
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
  const key = commentKeyOf(inputs, report)
  const markdown = renderMarkdown(report, {
    commentKey: key,
    baseline: { minChange: inputs.minChange }
  })
  await core.summary.addRaw(markdown).write()
  core.setOutput(Output.markdown, markdown)
  core.setOutput(Output.passed, report.passed)
  if (number === undefined) {
    core.warning(`No open pull request has head ${run.headSha}; the report was not posted.`)
    return
  }
  await comment(inputs, key, markdown, number).catch((error: Error) =>
    core.warning(`The PR comment was not posted: ${error.message}`)
  )
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

/** One message listing each breach with both values, for the failed step. */
export function budgetFailureMessage(report: Report): string {
  const lines = breaches(report.budgets).map(breach => `- ${breach.message}`)
  return `Size budget exceeded (${lines.length}):\n${lines.join('\n')}`
}

function setOutputs(report: Report, reportPath: string, markdown: string): void {
  const { final, builder, comparison, baseline, baselineComparison } = report
  core.setOutput(Output.size, final.size)
  core.setOutput(Output.layers, final.layers.length)
  core.setOutput(Output.imageId, final.id)
  core.setOutput(Output.passed, report.passed)
  core.setOutput(Output.report, reportPath)
  core.setOutput(Output.markdown, markdown)
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
 * Annotates the Dockerfile lines responsible for the breaches ({@link budgetAnnotations}: the
 * layer that grew most over the baseline for max-increase, the largest added layer for the other
 * size budgets, the last rewrite of the most wasted path for the waste budgets). An error when
 * the step fails, else a warning.
 */
function annotate(report: Report, inputs: Inputs): void {
  for (const annotation of budgetAnnotations(report)) {
    emit(inputs, annotation.instruction, annotation.message)
  }
  if (inputs.annotations !== false) {
    for (const a of findingAnnotations(report)) {
      core.warning(a.message, {
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
