/**
 * Runs the bundled action (`dist/index.js`) the way a GitHub runner does: inputs as `INPUT_*`
 * environment variables (the runner upper-cases the name and keeps hyphens), outputs through the
 * `GITHUB_OUTPUT` file, the job summary through `GITHUB_STEP_SUMMARY`.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const DIST = new URL('../../dist/index.js', import.meta.url).pathname
export const CLI = new URL('../../dist/cli/index.js', import.meta.url).pathname
/** The action's unbundled entry (`src/index.ts`, run with Node's type stripping). */
export const SRC_ENTRY = new URL('../../src/index.ts', import.meta.url).pathname

export interface RunnerResult {
  exitCode: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** The JSON report the run wrote at its `report` output, parsed; undefined when none. */
  report?: unknown
}

/** Parses the `GITHUB_OUTPUT` file: `name<<DELIM\nvalue\nDELIM` blocks (as @actions/core writes). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (match) {
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!)
      outputs[match[1]!] = value.join('\n')
    } else if (lines[i]!.includes('=')) {
      const eq = lines[i]!.indexOf('=')
      outputs[lines[i]!.slice(0, eq)] = lines[i]!.slice(eq + 1)
    }
  }
  return outputs
}

/**
 * Runs `dist/index.js` (or `entry`, e.g. {@link SRC_ENTRY}) with `inputs` (action input names)
 * and extra environment; returns the exit code, the log, the outputs and the summary.
 */
export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  cwd?: string,
  entry: string = DIST
): Promise<RunnerResult> {
  const dir = await mkdtemp(join(tmpdir(), 'isb-runner-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value
    ])
  )
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: cwd ?? process.cwd(),
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...inputEnv,
    ...env
  }
  try {
    const { exitCode, stdout, stderr } = await new Promise<{
      exitCode: number
      stdout: string
      stderr: string
    }>(resolve => {
      execFile(
        process.execPath,
        [entry],
        { env: childEnv, cwd, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
          resolve({ exitCode: code, stdout, stderr })
        }
      )
    })
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'))
    const report = outputs.report
      ? JSON.parse(await readFile(outputs.report, 'utf8').catch(() => 'null'))
      : undefined
    return {
      exitCode,
      stdout,
      stderr,
      outputs,
      summary: await readFile(summaryFile, 'utf8'),
      report: report ?? undefined
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
