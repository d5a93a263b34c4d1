/**
 * A subject of a run of several (an image on one platform) whose build or measurement failed: as
 * data for the report ({@link runFailureOf}), as markdown for the job summary and the PR comment,
 * and as text for the terminal. Pure.
 *
 * Everything in a failure is untrusted text (the build's log, names from a config or bake file):
 * it is bounded here, build-argument values in it are masked (`***`, as the single-image failure
 * path masks its log tail), and the renderers escape it.
 */
import type { RunFailure } from '../model.ts'
import { BuildError } from '../engine/build.ts'
import { codeText, escapeMarkdown, shorten } from './escape.ts'
import { failedInStage, fencedLog, plainLogLine } from './build-failure.ts'
import { maskBuildArgValues } from './redact.ts'

/** Bounds on a failure's text, in code points (within the report schema's). */
export const FAILURE_LIMITS = {
  message: 1000,
  stage: 200,
  path: 1000,
  instruction: 1000,
  logLines: 50,
  logLine: 1000
} as const

/** Display limits for names in markdown, as in the run table. */
const MAX_NAME = 40
const MAX_PLATFORM = 30

/**
 * The report's failure entry of a subject: for a `BuildError` its stage, the Dockerfile place
 * and instruction, exit code and log tail; for any other error its message.
 *
 * @param subject the image's name and platform (`default`: the engine's own).
 * @param buildArgs the subject's build arguments: their values (≥ 4 characters) are masked.
 * @param displayPath how to show the Dockerfile path (e.g. relative to the workspace).
 */
export function runFailureOf(
  error: unknown,
  subject: { name: string; platform: string; buildArgs?: Record<string, string> },
  displayPath: (file: string) => string = file => file
): RunFailure {
  const mask = (text: string, max: number): string =>
    shorten(maskBuildArgValues(text, subject.buildArgs ?? {}), max)
  const base = { name: subject.name, platform: subject.platform }
  if (!(error instanceof BuildError)) {
    const text = error instanceof Error ? error.message : String(error)
    return { ...base, message: mask(text, FAILURE_LIMITS.message) }
  }
  const failure: RunFailure = {
    ...base,
    message: mask(
      `Build of ${error.label} failed${failedInStage(error)} (exit code ${error.exitCode}).`,
      FAILURE_LIMITS.message
    ),
    exitCode: error.exitCode
  }
  if (error.stage !== undefined) failure.stage = mask(error.stage, FAILURE_LIMITS.stage)
  if (error.location) {
    failure.file = mask(displayPath(error.location.file), FAILURE_LIMITS.path)
    failure.line = error.location.line
  }
  if (error.instruction) {
    const { keyword, args } = error.instruction
    failure.instruction = mask(
      `${keyword} ${args.replace(/\s+/g, ' ').trim()}`,
      FAILURE_LIMITS.instruction
    )
  }
  if (error.logTail.length > 0) {
    failure.logTail = error.logTail
      .slice(-FAILURE_LIMITS.logLines)
      .map(line => mask(line, FAILURE_LIMITS.logLine))
  }
  return failure
}

/** A failure in a sentence: `runner` (linux/arm64). */
function failureName(failure: RunFailure): string {
  return `${codeText(failure.name, MAX_NAME)} (${escapeMarkdown(failure.platform, MAX_PLATFORM)})`
}

/**
 * One failure's section of the run markdown: a heading naming the image and platform, what
 * failed, the failing Dockerfile line and instruction, and the log tail folded below.
 */
export function renderRunFailureMarkdown(failure: RunFailure): string {
  const lines = [
    `#### ❌ Build failed: ${failureName(failure)}`,
    '',
    `${escapeMarkdown(failure.message)} No size was measured and no budget was checked.`
  ]
  if (failure.file !== undefined && failure.line !== undefined) {
    const instruction = failure.instruction ? `: ${codeText(failure.instruction, 200)}` : ''
    lines.push('', `Failed at ${codeText(`${failure.file}:${failure.line}`)}${instruction}`)
  }
  const tail = failure.logTail ?? []
  if (tail.length > 0) {
    lines.push(
      '',
      `<details><summary>Last ${tail.length} lines of the build log</summary>`,
      '',
      ...fencedLog(tail),
      '',
      '</details>'
    )
  }
  return lines.join('\n')
}

/** The headline phrase of failures: "the build of `runner` (linux/arm64) failed". */
export function failuresPhrase(failures: readonly RunFailure[]): string {
  const [only] = failures
  if (only && failures.length === 1) return `the build of ${failureName(only)} failed`
  return `${failures.length} builds failed`
}

/** One line per failure for the terminal and the failed step: `runner (linux/arm64): Build of …`. */
export function failureLine(failure: RunFailure): string {
  const at =
    failure.file !== undefined && failure.line !== undefined
      ? ` Failed at ${failure.file}:${failure.line}${failure.instruction ? `: ${failure.instruction}` : ''}.`
      : ''
  return plainLogLine(`${failure.name} (${failure.platform}): ${failure.message}${at}`)
}

/** A failure for the terminal: its line, then its log tail indented. */
export function renderRunFailureText(failure: RunFailure): string {
  const lines = [`build failed: ${failureLine(failure)}`]
  const tail = failure.logTail ?? []
  if (tail.length > 0) {
    lines.push(`last ${tail.length} lines of the build log:`)
    lines.push(...tail.map(l => `  ${plainLogLine(l)}`))
  }
  return `${lines.join('\n')}\n`
}
