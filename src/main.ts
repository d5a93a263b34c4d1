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
import { relative, resolve } from 'node:path'
import { loadBaselineReport } from './baseline/report.ts'
import { breaches } from './budgets.ts'
import { Input, Output } from './constants.ts'
import { upsertComment } from './github/comment.ts'
import { findOpenPullRequestByHead } from './github/pulls.ts'
import { parseInputs, type Inputs } from './inputs.ts'
import { actionsLog } from './log.ts'
import type { Instruction, Report } from './model.ts'
import { evaluate } from './pipeline.ts'
import {
  commentKeyOf,
  pullRequestOfEvent,
  pullRequestOfWorkflowRun,
  shouldComment
} from './publish/pull-request.ts'
import { largestAddedLayer } from './report/attribution.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { renderMarkdown } from './report/markdown.ts'
import { formatBytes, formatBytesExact, ratioOutput } from './units.ts'

/** Runs the action. Never throws: failures become `core.setFailed`. */
export async function run(): Promise<void> {
  try {
    const inputs = parseInputs(name => core.getInput(name))
    if (inputs.mode === 'comment') return await commentMode(inputs)

    const report = await evaluate(inputs, {
      log: actionsLog,
      event: { name: github.context.eventName, payload: github.context.payload },
      workspace: process.env.GITHUB_WORKSPACE || process.cwd()
    })

    const reportPath = inputs.report ?? defaultReportPath()
    await writeReport(report, reportPath)
    const key = commentKeyOf(inputs, report)
    const markdown = renderMarkdown(report, {
      commentKey: key,
      baseline: { minChange: inputs.minChange }
    })
    await core.summary.addRaw(markdown).write()
    setOutputs(report, reportPath, markdown)
    annotate(report, inputs)
    if (shouldComment(inputs.comment, github.context.eventName)) {
      await comment(
        inputs,
        key,
        markdown,
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
    core.setFailed(error instanceof Error ? error.message : String(error))
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
  // The report is untrusted: its verdict is recomputed from its budget rows.
  report.passed = report.budgets.every(budget => budget.passed)
  if (inputs.baseline?.kind === 'report') {
    report.baseline = (await loadBaselineReport(inputs.baseline.path, Input.baselineReport)).final
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

/** Creates or updates the sticky comment; a read-only token (fork PRs) only warns. */
async function comment(
  inputs: Inputs,
  key: string,
  body: string,
  issueNumber: number
): Promise<void> {
  await upsertComment({
    token: token(inputs),
    ...github.context.repo,
    issueNumber,
    key,
    body,
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
    core.setOutput(Output.efficiency, final.waste.efficiency)
    core.setOutput(Output.wasted, final.waste.removableBytes)
  }
  if (final.base) core.setOutput(Output.addedSize, final.base.addedSize)
  if (baseline && baselineComparison) {
    core.setOutput(Output.baselineSize, baseline.size)
    core.setOutput(Output.sizeChange, baselineComparison.change)
    core.setOutput(Output.sizeChangePercent, Number(baselineComparison.changePercent.toFixed(2)))
  }
}

/**
 * Annotates the Dockerfile line responsible for each kind of breach: for size budgets, the
 * instruction whose layer adds the most bytes to the final image; for waste budgets, the
 * instruction whose layer last rewrote the most wasted path. An error when the step fails, else
 * a warning.
 */
function annotate(report: Report, inputs: Inputs): void {
  const failed = breaches(report.budgets)
  const sizeBreaches = failed.filter(breach => SIZE_BUDGETS.has(breach.name))
  const wasteBreaches = failed.filter(breach => WASTE_BUDGETS.has(breach.name))
  const largest = largestAddedLayer(report.final)
  if (sizeBreaches.length > 0 && largest?.instruction) {
    emit(
      inputs,
      largest.instruction,
      `${largest.instruction.keyword} adds ${formatBytes(largest.size)} (${formatBytesExact(largest.size)}) to the final image, the most of any layer the Dockerfile adds; ${sizeBreaches.map(b => b.name).join(', ')} exceeded.`
    )
  }
  const wasted = report.final.waste?.topPaths[0]
  const rewrite = wasted && report.final.layers[wasted.layers[wasted.layers.length - 1] ?? -1]
  if (wasteBreaches.length > 0 && wasted && rewrite?.instruction) {
    emit(
      inputs,
      rewrite.instruction,
      `${rewrite.instruction.keyword} rewrites /${wasted.path}, leaving ${formatBytes(wasted.removableBytes)} (${formatBytesExact(wasted.removableBytes)}) in earlier layers; ${wasteBreaches.map(b => b.name).join(', ')} exceeded.`
    )
  }
}

const SIZE_BUDGETS = new Set(['max-size', 'max-compressed-size', 'max-ratio', 'max-increase'])
const WASTE_BUDGETS = new Set(['max-wasted-size', 'min-efficiency'])

function emit(inputs: Inputs, instruction: Instruction, message: string): void {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const file = relative(workspace, resolve(instruction.location.file))
  const properties = { file, startLine: instruction.location.line, title: 'Image size budget' }
  if (inputs.failOnBudget) core.error(message, properties)
  else core.warning(message, properties)
}
