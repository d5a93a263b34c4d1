/**
 * The action: inputs → evaluate (plan, build, measure, compare, budgets) → publish (JSON report,
 * job summary, outputs, annotations) → outcome. Every error ends in `core.setFailed`.
 */
import * as core from '@actions/core'
import { relative, resolve } from 'node:path'
import { breaches } from './budgets.ts'
import { Output } from './constants.ts'
import { parseInputs, type Inputs } from './inputs.ts'
import { actionsLog } from './log.ts'
import type { Report } from './model.ts'
import { evaluate } from './pipeline.ts'
import { largestAddedLayer } from './report/attribution.ts'
import { defaultReportPath, writeReport } from './report/json.ts'
import { renderMarkdown } from './report/markdown.ts'
import { formatBytes, formatBytesExact, ratioOutput } from './units.ts'

/** Runs the action. Never throws: failures become `core.setFailed`. */
export async function run(): Promise<void> {
  try {
    const inputs = parseInputs(name => core.getInput(name))
    const report = await evaluate(inputs, { log: actionsLog })

    const reportPath = inputs.report ?? defaultReportPath()
    await writeReport(report, reportPath)
    const markdown = renderMarkdown(report)
    await core.summary.addRaw(markdown).write()
    setOutputs(report, reportPath)
    annotate(report, inputs)

    const failed = breaches(report.budgets)
    if (failed.length === 0) {
      core.info(`All ${report.budgets.length} size budgets passed.`)
    } else if (inputs.failOnBudget) {
      core.setFailed(budgetFailureMessage(report))
    } else {
      for (const breach of failed) core.warning(`Size budget exceeded: ${breach.message}`)
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

/** One message listing each breach with both values, for the failed step. */
export function budgetFailureMessage(report: Report): string {
  const lines = breaches(report.budgets).map(breach => `- ${breach.message}`)
  return `Size budget exceeded (${lines.length}):\n${lines.join('\n')}`
}

function setOutputs(report: Report, reportPath: string): void {
  const { final, builder, comparison } = report
  core.setOutput(Output.size, final.size)
  core.setOutput(Output.layers, final.layers.length)
  core.setOutput(Output.imageId, final.id)
  core.setOutput(Output.passed, report.passed)
  core.setOutput(Output.report, reportPath)
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
    core.setOutput(Output.efficiency, Number(final.waste.efficiency.toFixed(4)))
    core.setOutput(Output.wasted, final.waste.removableBytes)
  }
  if (final.base) core.setOutput(Output.addedSize, final.base.addedSize)
}

/**
 * When a size budget fails, annotates the Dockerfile instruction whose layer adds the most bytes
 * to the final image: an error when the step fails, else a warning.
 */
function annotate(report: Report, inputs: Inputs): void {
  const sizeBudgets = new Set(['max-size', 'max-compressed-size', 'max-ratio'])
  const failed = breaches(report.budgets).filter(breach => sizeBudgets.has(breach.name))
  const layer = largestAddedLayer(report.final)
  if (failed.length === 0 || !layer?.instruction) return
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const file = relative(workspace, resolve(inputs.file))
  const message = `${layer.instruction.keyword} adds ${formatBytes(layer.size)} (${formatBytesExact(layer.size)}) to the final image, its largest layer; ${failed.map(b => b.name).join(', ')} exceeded.`
  const properties = {
    file,
    startLine: layer.instruction.location.line,
    title: 'Image size budget'
  }
  if (inputs.failOnBudget) core.error(message, properties)
  else core.warning(message, properties)
}
