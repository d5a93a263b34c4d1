/**
 * Reads a build log line by line, as it streams: keeps the last lines, counts steps served from
 * cache, and works out which Dockerfile stage a failure happened in. Pure: no I/O.
 *
 * Formats read (as printed by the engines here and documented upstream):
 * - BuildKit / buildx `--progress=plain` (moby/buildkit `util/progress/progressui/printer.go`):
 *   `#5 [builder 2/3] RUN …` opens vertex 5 of stage `builder`; `#5 CACHED`; `#5 ERROR: …`; the
 *   error summary `------ / > [builder 3/3] RUN …: / ------`. Unnamed stages are `stage-N`
 *   (moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`); a single-stage build has no
 *   stage prefix (`[1/2]`).
 * - Classic builder (moby `builder/dockerfile`): `Step 3/5 : FROM image AS name`, ` ---> Using cache`.
 *
 * Every line is cleaned first ({@link cleanLogLine}): colour codes and carriage-return progress
 * are dropped; the docker CLI's legacy-builder deprecation banner never reaches the tail.
 */
import { stripVTControlCharacters } from 'node:util'

/** Lines kept for a failure message. */
export const DEFAULT_TAIL_LINES = 30

/**
 * A stage as the build log names it → the stage ref of `src/model.ts` (`AS` name lower-cased,
 * else the 0-based index as a string): `stage-2` → `2`, `Builder` → `builder`.
 */
export function stageRef(logName: string): string {
  const m = /^stage-(\d+)$/.exec(logName)
  return m ? (m[1] as string) : logName.toLowerCase()
}

/**
 * The stage named inside a BuildKit step label (`builder 2/3`, `linux/amd64 builder 2/3`,
 * `stage-1 1/2`); undefined for labels without one (`1/2`, `internal`).
 */
export function stageOfLabel(label: string): string | undefined {
  const tokens = label.trim().split(/\s+/)
  const last = tokens[tokens.length - 1]
  if (tokens.length < 2 || last === undefined || !/^\d+\/\d+$/.test(last)) return undefined
  const name = tokens[tokens.length - 2] as string
  // A platform prefix without a stage name (`linux/amd64 1/2`) is not a stage.
  if (name.includes('/')) return undefined
  return stageRef(name)
}

const BK_VERTEX = /^#(\d+) \[([^\]]+)\]/
const BK_ERROR = /^#(\d+) ERROR\b/
const BK_SUMMARY = /^\s*> \[([^\]]+)\]/
const BK_CACHED = /^#\d+ CACHED\s*$/
const CLASSIC_FROM = /^Step \d+\/\d+ : FROM\s+(.*?)\s*$/i
/** Left out of the tail: blank lines and BuildKit 0.8's `#5 sha256:<vertex digest>` lines. */
const TAIL_NOISE = /^\s*$|^#\d+ sha256:[0-9a-f]{64}$/
const CLASSIC_CACHED = /^\s*---> Using cache\s*$/
/** The classic builder's ` ---> <image id>` after each step: the image that step left. */
const CLASSIC_IMAGE = /^\s*---> ([0-9a-f]{12,64})\s*$/

/**
 * One log line as people should read it: ANSI/VT escape sequences (colours, cursor moves) removed
 * (`util.stripVTControlCharacters`), and of a line redrawn with carriage returns (`50%\r100%`)
 * only its last non-empty state, without trailing whitespace.
 */
export function cleanLogLine(line: string): string {
  const states = stripVTControlCharacters(line)
    .split('\r')
    .map(state => state.trimEnd())
  return states.filter(state => state !== '').pop() ?? ''
}

/**
 * The docker CLI (23 and later) prints this before a classic build, on stderr: a first line, then
 * indented lines up to a blank line (docker/cli `cli/command/image/build.go`). It says nothing
 * about the build, so it is kept out of the failure tail.
 */
const DEPRECATION_BANNER = /^DEPRECATED: The legacy builder is deprecated\b/

/** Follows one build's log. Feed every line, in order, to {@link BuildLogWatcher.push}. */
export class BuildLogWatcher {
  /** Steps served from the build cache: BuildKit `#N CACHED`, classic `---> Using cache`. */
  cachedSteps = 0
  private readonly max: number
  private readonly tail: string[] = []
  private readonly vertexStage = new Map<string, string>()
  private classicFroms = 0
  private classicStage: string | undefined
  private bkFailed: string | undefined
  private readonly classicImages = new Map<number, string>()
  private inBanner = false

  constructor(maxTail = DEFAULT_TAIL_LINES) {
    this.max = maxTail
  }

  push(raw: string): void {
    const line = cleanLogLine(raw)
    if (DEPRECATION_BANNER.test(line)) {
      this.inBanner = true
      return
    }
    if (this.inBanner) {
      // The banner's lines are indented 12 spaces (the classic builder's ` ---> ` lines, one);
      // a blank or less indented line ends it.
      if (/^\s{4,}\S/.test(line)) return
      this.inBanner = false
    }
    if (!TAIL_NOISE.test(line)) {
      this.tail.push(line)
      if (this.tail.length > this.max) this.tail.shift()
    }

    if (BK_CACHED.test(line) || CLASSIC_CACHED.test(line)) this.cachedSteps++

    const vertex = BK_VERTEX.exec(line)
    if (vertex) {
      const stage = stageOfLabel(vertex[2] as string)
      if (stage !== undefined) this.vertexStage.set(vertex[1] as string, stage)
      return
    }
    const error = BK_ERROR.exec(line)
    if (error) {
      this.bkFailed = this.vertexStage.get(error[1] as string) ?? this.bkFailed
      return
    }
    const summary = BK_SUMMARY.exec(line)
    if (summary) {
      this.bkFailed = stageOfLabel(summary[1] as string) ?? this.bkFailed
      return
    }
    const image = CLASSIC_IMAGE.exec(line)
    if (image && this.classicFroms > 0) {
      this.classicImages.set(this.classicFroms - 1, image[1] as string)
      return
    }
    const from = CLASSIC_FROM.exec(line)
    if (from) {
      const name = /\s+AS\s+(\S+)$/i.exec(from[1] as string)?.[1]
      this.classicStage = name ? name.toLowerCase() : String(this.classicFroms)
      this.classicFroms++
    }
  }

  /**
   * Classic builder only: the image each stage ended with, by 0-based stage index (the last
   * ` ---> <id>` before the next `FROM` step; ids as printed, usually 12 hex digits). The classic
   * builder runs every stage before the target, so an unnamed stage that `--target` cannot name
   * is found here without a second build.
   */
  stageImages(): Record<string, string> {
    return Object.fromEntries([...this.classicImages].map(([index, id]) => [String(index), id]))
  }

  /**
   * The last lines pushed, cleaned (at most `maxTail`; blank lines, vertex-digest lines and the
   * deprecation banner left out), oldest first.
   */
  lines(): string[] {
    return [...this.tail]
  }

  /**
   * The stage the build was in when it failed: the stage of BuildKit's failing step, else the
   * classic builder's current stage (the last `FROM` step seen). Undefined when the log names
   * none (single-stage BuildKit builds, failures before the first step).
   */
  failedStage(): string | undefined {
    return this.bkFailed ?? this.classicStage
  }
}
