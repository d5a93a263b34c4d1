/**
 * A failed build, for people: the job summary's markdown and the terminal's text. Pure.
 * The log tail is untrusted text (whatever the build printed): in markdown it goes into a fenced
 * code block whose fence is longer than any run of backticks in it, with terminal escape
 * sequences and control characters removed, so nothing in it renders as markup, a mention or a
 * link.
 */
import type { SourceLocation } from '../model.ts'
import type { BuildError } from '../engine/build.ts'
import { describeStageRef } from '../engine/build.ts'
import { codeText, escapeMarkdown } from './escape.ts'

/** ANSI escape sequences (colours, cursor moves) as a terminal reads them. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g
// Control characters but tab; the bidi controls that could reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** One log line as plain text: escape sequences dropped, other control characters removed. */
export function plainLogLine(line: string): string {
  return line.replace(ANSI, '').replace(CONTROL, '')
}

/**
 * ` in stage "build"` when the build failed in another stage than the one it was asked for
 * (or that one is not known), else empty.
 */
export function failedInStage(error: BuildError): string {
  return error.stage !== undefined && error.stage !== error.built
    ? ` in ${describeStageRef(error.stage)}`
    : ''
}

/** What the failure renderers need to know besides the error. */
export interface BuildFailureOptions {
  /** How to show the failing Dockerfile path (e.g. relative to the workspace). */
  displayPath?: (location: SourceLocation) => string
}

/**
 * The job summary of a failed build:
 * a heading, one sentence naming the stage that was built and the stage it failed in, the failing
 * Dockerfile line and instruction when the log names them, the exit code, and the log tail in a
 * code block.
 */
export function renderBuildFailureMarkdown(
  error: BuildError,
  opts: BuildFailureOptions = {}
): string {
  const lines = [`### ❌ Image size budget: the build failed`, '']
  const stage = escapeMarkdown(failedInStage(error))
  lines.push(
    `The build of the ${escapeMarkdown(error.label)} failed${stage} (exit code ${error.exitCode}); no sizes are reported and no budget was checked.`
  )
  if (error.location) {
    const path = opts.displayPath ? opts.displayPath(error.location) : error.location.file
    const instruction = error.instruction
      ? `: ${codeText(`${error.instruction.keyword} ${error.instruction.args}`, 200)}`
      : ''
    lines.push('', `Failed at ${codeText(`${path}:${error.location.line}`)}${instruction}`)
  }
  if (error.logTail.length > 0) {
    lines.push(
      '',
      `Last ${error.logTail.length} lines of the build log:`,
      '',
      ...fencedLog(error.logTail)
    )
  }
  return `${lines.join('\n')}\n`
}

/**
 * Log lines as a fenced `text` code block (the fence and its lines): escape sequences and
 * control characters removed ({@link plainLogLine}), the fence longer than any run of backticks
 * in the lines, so nothing in them renders as markup.
 */
export function fencedLog(logTail: readonly string[]): string[] {
  const tail = logTail.map(plainLogLine)
  const longestRun = Math.max(
    0,
    ...tail.map(l => Math.max(0, ...(l.match(/`+/g) ?? []).map(r => r.length)))
  )
  const fence = '`'.repeat(Math.max(3, longestRun + 1))
  return [`${fence}text`, ...tail, fence]
}

/** The same for the terminal (the CLI): plain lines, ending with a newline. */
export function renderBuildFailureText(error: BuildError, opts: BuildFailureOptions = {}): string {
  const stage = failedInStage(error)
  const lines = [
    `build failed: the build of the ${error.label} failed${stage} (exit code ${error.exitCode}); no sizes are reported and no budget was checked.`
  ]
  if (error.location) {
    const path = opts.displayPath ? opts.displayPath(error.location) : error.location.file
    const instruction = error.instruction
      ? `: ${error.instruction.keyword} ${error.instruction.args.replace(/\s+/g, ' ')}`
      : ''
    lines.push(`failed at ${path}:${error.location.line}${instruction}`)
  }
  if (error.logTail.length > 0) {
    lines.push(`last ${error.logTail.length} lines of the build log:`)
    lines.push(...error.logTail.map(l => `  ${plainLogLine(l)}`))
  }
  return `${lines.join('\n')}\n`
}
