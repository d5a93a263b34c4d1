/**
 * The one place that runs the docker CLI. Every call goes through `@actions/exec` with an
 * argument array (never a shell string) and `silent: true`; output reaches people only through
 * the caller's `Log`, so the action and the CLI front end share this code.
 */
import { exec } from '@actions/exec'
import { StringDecoder } from 'node:string_decoder'

/** What a docker CLI run returned. `stdout`/`stderr` are empty when `capture` was false. */
export interface DockerRun {
  exitCode: number
  stdout: string
  stderr: string
}

/** Options for {@link runDocker}. */
export interface DockerRunOptions {
  /** Variables added to (and overriding) the current environment for this run. */
  env?: Record<string, string>
  /** Called once per output line (stdout and stderr, in arrival order, without the newline). */
  onLine?: (line: string) => void
  /** Keep stdout and stderr in memory (default true). Builds pass false and use `onLine`. */
  capture?: boolean
}

/**
 * Splits a byte stream into lines. Unlike `@actions/exec`'s `stdline` listener it also hands
 * over a last line that has no trailing newline (exec emits that one only as an event on its
 * internal runner, never to the listener). `\r\n` and a lone `\r` end a line too.
 */
export class LineSplitter {
  private rest = ''
  private readonly onLine: (line: string) => void
  // Decodes UTF-8 across chunk boundaries: a character split between two chunks stays whole.
  private readonly decoder = new StringDecoder('utf8')

  constructor(onLine: (line: string) => void) {
    this.onLine = onLine
  }

  /** Feeds a chunk; complete lines are emitted at once, the remainder is kept. */
  push(chunk: Buffer | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk))
    const parts = text.split(/\r\n|\n|\r(?!$)/)
    this.rest = parts.pop() ?? ''
    for (const line of parts) this.onLine(line)
  }

  /** Emits the kept remainder, if any. Call once after the stream ended. */
  flush(): void {
    const rest = (this.rest + this.decoder.end()).replace(/\r$/, '')
    if (rest.length > 0) this.onLine(rest)
    this.rest = ''
  }
}

/** The environment of a child: the current one with `extra` on top (undefined values dropped). */
export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  return { ...env, ...extra }
}

/**
 * Runs `<docker> ARGS…` and resolves with its exit code and (unless `capture: false`) its
 * output. A non-zero exit code resolves normally: callers decide what it means.
 *
 * @param docker the CLI: a file name looked up on PATH (`docker`) or a path.
 * @throws Error "Docker CLI not found …" when the executable does not exist, with how to fix it;
 *   Error when the process cannot be started at all.
 */
export async function runDocker(
  docker: string,
  args: string[],
  opts: DockerRunOptions = {}
): Promise<DockerRun> {
  const capture = opts.capture ?? true
  const out: Buffer[] = []
  const err: Buffer[] = []
  const onLine = opts.onLine
  const outLines = onLine ? new LineSplitter(onLine) : undefined
  const errLines = onLine ? new LineSplitter(onLine) : undefined
  let exitCode: number
  try {
    exitCode = await exec(docker, args, {
      silent: true,
      ignoreReturnCode: true,
      env: childEnv(opts.env),
      listeners: {
        stdout: data => {
          if (capture) out.push(data)
          outLines?.push(data)
        },
        stderr: data => {
          if (capture) err.push(data)
          errLines?.push(data)
        }
      }
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (message.startsWith('Unable to locate executable file')) {
      throw new Error(
        `Docker CLI not found: "${docker}" is not an executable file or on PATH. Install the ` +
          'Docker CLI (GitHub-hosted Ubuntu runners have it; on a self-hosted runner install ' +
          'docker-ce-cli or docker.io) or pass the path of the docker binary.',
        { cause: error }
      )
    }
    throw new Error(`Could not run ${docker} ${args.join(' ')}: ${message}`, { cause: error })
  }
  outLines?.flush()
  errLines?.flush()
  return {
    exitCode,
    stdout: Buffer.concat(out).toString(),
    stderr: Buffer.concat(err).toString()
  }
}

/** The CLI's error text for a message: stderr trimmed, else stdout, else the exit code. */
export function cliMessage(run: DockerRun): string {
  const text = run.stderr.trim() || run.stdout.trim()
  return text || `exit code ${run.exitCode}`
}
