/**
 * Build one Dockerfile target with the detected engine and tag it. The argument list is a pure
 * function ({@link buildArgs}); {@link buildTarget} runs it, streams the log into a group and
 * turns a failure into a {@link BuildError} that names the stage and carries the log tail.
 */
import { readFile } from 'node:fs/promises'
import { makeTempDir, removeTempDir } from '../temp-dir.ts'
import { join } from 'node:path'
import type { Log } from '../log.ts'
import type { Instruction, SourceLocation } from '../model.ts'
import { FailedStepReader, type FailedStep } from './build-failure.ts'
import { BuildLogWatcher, DEFAULT_TAIL_LINES } from './build-log.ts'
import type { Engine } from './detect.ts'
import { compareVersions, parseVersion } from './detect.ts'
import { parsePlatform } from '../image/platform.ts'
import { runDocker } from './docker-cli.ts'
import { resolveBuiltImage } from './inspect.ts'
import { maskBuildArgValues } from '../report/redact.ts'

/** One target to build. Paths are as the docker CLI takes them (relative to the cwd or absolute). */
export interface BuildRequest {
  /** Build context directory. */
  context: string
  /** The Dockerfile. */
  file: string
  /** `--target`; omitted → the last stage. */
  target?: string
  /** `--build-arg KEY=VALUE` pairs, in insertion order. */
  buildArgs: Record<string, string>
  /** The tag the built image gets, e.g. `image-size-budget/final:run-1`. */
  tag: string
  /** For people: what is being built (`final`, `builder (build)`); names the log group. */
  stageLabel: string
  /**
   * `--platform os/arch[/variant]` (e.g. `linux/arm64`); omitted → the engine's own platform.
   * BuildKit and buildx only: see {@link checkPlatformBuild}.
   */
  platform?: string
  /**
   * `--iidfile PATH`: the engine writes the built image's ID there, so the ID is this build's
   * even when a concurrent build re-tags `tag` (all three paths support the flag).
   */
  iidFile?: string
  /**
   * buildx only, where {@link exportsOci} holds: `--output type=oci,dest=PATH` beside `--load`,
   * so the same build also writes an OCI layout tar of the image with the builder's own
   * compressed layer blobs (what a push from that builder stores).
   */
  ociDest?: string
}

/** BuildKit and buildx take several exporters in one build since these versions (BuildKit 0.13). */
const MULTIPLE_EXPORTERS_SINCE = [0, 13, 0]

/**
 * True when a build on `engine` can write an OCI layout tar beside `--load`: buildx with a
 * builder that keeps its own store (driver `docker-container`, `remote`, `kubernetes`: its
 * compressed blobs are what it pushes; the `docker` driver refuses the OCI exporter's tar and
 * stores no compressed blobs of its own), buildx 0.13+ and the builder's BuildKit 0.13+ (several
 * exporters in one build: moby/buildkit 0.13 release notes, docker/buildx 0.13 `--output`).
 * Pure.
 */
export function exportsOci(
  engine: Pick<Engine, 'kind' | 'builderDriver' | 'buildxVersion' | 'buildkitVersion'>
): boolean {
  const since = (version: string | undefined): boolean => {
    const v = version === undefined ? undefined : parseVersion(version)
    return v !== undefined && compareVersions(v, MULTIPLE_EXPORTERS_SINCE) >= 0
  }
  return (
    engine.kind === 'buildx' &&
    engine.builderDriver !== undefined &&
    engine.builderDriver !== 'docker' &&
    since(engine.buildxVersion) &&
    since(engine.buildkitVersion)
  )
}

/** What a successful build produced. */
export interface BuildResult {
  /**
   * `sha256:…` image ID as the engine looks it up, from `--iidfile` (see `resolveBuiltImage`):
   * the config digest on the classic store, the manifest or index digest on the containerd store.
   */
  imageId: string
  /**
   * Classic builder only: the image each stage ended with, by 0-based stage index (short IDs as
   * the log prints them); empty for BuildKit and buildx.
   */
  stageImages: Record<string, string>
  /** Steps the engine served from cache (BuildKit `CACHED`, classic `Using cache`). */
  cachedSteps: number
  /** Wall time of the `docker build` run, in milliseconds. */
  durationMs: number
}

/**
 * A stage for people: a named stage in quotes (`stage "build"`), an unnamed one by its 0-based
 * index, as BuildKit counts them (`stage 1`, which BuildKit logs as `stage-1`).
 */
export function describeStageRef(ref: string): string {
  return /^\d+$/.test(ref) ? `stage ${ref}` : `stage "${ref}"`
}

/**
 * A failed build: the stage it failed in, the exit code, the failing instruction when the log
 * names it, and the last lines of its log.
 */
export class BuildError extends Error {
  /**
   * The stage the build failed in (model stage ref: the `AS` name lower-cased, else the 0-based
   * index); undefined when neither the log nor the plan tells.
   */
  readonly stage: string | undefined
  /** What was being built (`BuildRequest.stageLabel`, e.g. `final stage "app"`). */
  readonly label: string
  /** The stage ref that was being built, when known: the message names `stage` only when it differs. */
  readonly built: string | undefined
  readonly exitCode: number
  /** The last lines of the build log (stdout and stderr interleaved), oldest first. */
  readonly logTail: string[]
  /** What the log says about the failing step (see `build-failure.ts`). */
  readonly step: FailedStep | undefined
  /** The failing instruction, when it could be found in the Dockerfile's plan. */
  readonly instruction: Instruction | undefined
  /** The Dockerfile line the failure is at (the instruction's, or BuildKit's source line). */
  readonly location: SourceLocation | undefined

  constructor(opts: {
    stage?: string
    label: string
    built?: string
    exitCode: number
    logTail: string[]
    step?: FailedStep
    instruction?: Instruction
    location?: SourceLocation
  }) {
    const at = opts.location ? `\nFailed at ${opts.location.file}:${opts.location.line}` : ''
    const what = opts.instruction
      ? `${at ? ':' : '\nFailed at:'} ${opts.instruction.keyword} ${oneLine(opts.instruction.args)}`
      : ''
    super(
      `Build of ${opts.label} failed${opts.stage !== undefined && opts.stage !== opts.built ? ` in ${describeStageRef(opts.stage)}` : ''} (exit code ${opts.exitCode}).` +
        at +
        what +
        `\nLast ${opts.logTail.length} lines of the build log:\n` +
        opts.logTail.map(l => `  ${l}`).join('\n')
    )
    this.name = 'BuildError'
    this.stage = opts.stage
    this.label = opts.label
    this.built = opts.built
    this.exitCode = opts.exitCode
    this.logTail = opts.logTail
    this.step = opts.step
    this.instruction = opts.instruction
    this.location = opts.location
  }

  /** The same failure with the stage and the place in the Dockerfile filled in. */
  located(where: {
    stage?: string
    built?: string
    instruction?: Instruction
    location?: SourceLocation
  }): BuildError {
    return new BuildError({
      stage: where.stage ?? this.stage,
      label: this.label,
      built: where.built ?? this.built,
      exitCode: this.exitCode,
      logTail: this.logTail,
      step: this.step,
      instruction: where.instruction ?? this.instruction,
      location: where.location ?? this.location
    })
  }
}

/** `text` on one line, shortened to 200 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat
}

/** buildx learnt `--provenance` in v0.10.0 (docker/buildx release notes). */
const PROVENANCE_SINCE = [0, 10, 0]

/** A path the CLI would read as a flag (or as stdin, `-`) gets a `./` prefix. */
function pathArg(path: string): string {
  return path.startsWith('-') ? `./${path}` : path
}

/**
 * Refuses a build for `platform` that this engine's build path cannot be trusted with. BuildKit
 * (`DOCKER_BUILDKIT=1`) and buildx build `--platform` (a stage without RUN, e.g. `FROM scratch` +
 * `COPY`, needs no emulation; RUN steps of another architecture need QEMU/binfmt on the host).
 * The classic builder takes the flag but its cache does not key on the platform: on Docker 20.10,
 * `FROM scratch` stages built for `linux/arm64` were reused by a `linux/amd64` build of the same
 * Dockerfile, which then failed (`image … was found but does not match the specified platform`),
 * and a cached last step would silently give an image of the wrong platform. So it is refused.
 *
 * @param platform `os/arch[/variant]`; undefined → nothing to check.
 * @throws Error naming `platforms`, the platform, the engine's reason for the classic builder and
 *   the fix, when `engine.kind` is `classic`; Error naming `platform` when it is not
 *   `os/arch[/variant]`.
 */
export function checkPlatformBuild(
  engine: Pick<Engine, 'kind' | 'reason'>,
  platform: string | undefined
): void {
  if (platform === undefined) return
  parsePlatform(platform)
  if (engine.kind !== 'classic') return
  throw new Error(
    `platforms: building for ${platform} needs BuildKit, but this run uses the classic builder (${engine.reason}). ` +
      "The classic builder's cache ignores the platform (a FROM scratch stage built for one platform is reused for another), so its per-platform images cannot be trusted. " +
      "Build with BuildKit (install buildx, e.g. docker/setup-buildx-action, and do not set DOCKER_BUILDKIT=0), or remove platforms to measure the engine's own platform."
  )
}

function checkRequest(req: BuildRequest): void {
  if (!req.context) throw new Error('build context is empty: expected a directory path')
  if (!req.file) throw new Error('Dockerfile path is empty: expected a file path')
  if (!req.tag || /\s/.test(req.tag) || req.tag.startsWith('-')) {
    throw new Error(
      `image tag "${req.tag}" is not valid: expected a name[:tag] without spaces, not starting with "-"`
    )
  }
  if (
    req.target !== undefined &&
    (!req.target || /\s/.test(req.target) || req.target.startsWith('-'))
  ) {
    throw new Error(`build target "${req.target}" is not valid: expected a stage name or index`)
  }
  if (req.platform !== undefined) parsePlatform(req.platform, `build platform "${req.platform}"`)
  for (const key of Object.keys(req.buildArgs)) {
    if (!key || key.includes('=') || /\s/.test(key)) {
      throw new Error(
        `build-arg name "${key}" is not valid: expected KEY=VALUE with a non-empty KEY without "=" or spaces`
      )
    }
  }
}

/**
 * The docker CLI arguments for one build (without the CLI itself):
 * - buildx: `buildx build [--builder NAME] --load --progress=plain [--output type=oci,dest=PATH]
 *   [--provenance=false] -t TAG -f FILE [--target T] [--platform P] [--build-arg K=V…] CONTEXT`. `--load` puts the result in the engine's image
 *   store whatever the driver; provenance off (buildx ≥ 0.10) keeps it a plain image, not an
 *   index with an attestation manifest (docker/buildx 1509).
 * - buildkit: `build --progress=plain -t TAG -f FILE …` (run with `DOCKER_BUILDKIT=1`).
 * - classic: `build --force-rm -t TAG -f FILE …` (run with `DOCKER_BUILDKIT=0`); `--force-rm`
 *   so a failing step leaves no container behind.
 *
 * - `--platform P` on buildx and BuildKit when `req.platform` is set; the classic builder is
 *   refused ({@link checkPlatformBuild}).
 *
 * @throws Error naming the field when the context, file, tag, target, platform or a build-arg
 *   name is not usable; Error naming `platforms` for a platform on the classic builder.
 */
export function buildArgs(engine: Engine, req: BuildRequest): string[] {
  checkRequest(req)
  checkPlatformBuild(engine, req.platform)
  const args: string[] = []
  switch (engine.kind) {
    case 'buildx': {
      args.push('buildx', 'build')
      // The builder detection inspected (the builder input, else BUILDX_BUILDER or buildx's
      // current one), pinned so a `docker buildx use` meanwhile changes nothing.
      if (engine.builder !== undefined) args.push('--builder', engine.builder)
      args.push('--load', '--progress=plain')
      if (req.ociDest !== undefined) {
        if (!exportsOci(engine)) {
          throw new Error(
            `internal: an OCI export was asked of ${engine.builder ?? 'the builder'} (driver ${engine.builderDriver ?? 'unknown'}), which cannot write one beside --load`
          )
        }
        // `--output` is one CSV record (buildx `util/buildflags`): a path with a comma or a quote
        // is a quoted field, its quotes doubled.
        const dest = `dest=${req.ociDest}`
        args.push(
          '--output',
          `type=oci,${/[,"]/.test(dest) ? `"${dest.replace(/"/g, '""')}"` : dest}`
        )
      }
      const v = engine.buildxVersion === undefined ? undefined : parseVersion(engine.buildxVersion)
      if (v === undefined || compareVersions(v, PROVENANCE_SINCE) >= 0) {
        args.push('--provenance=false')
      }
      break
    }
    case 'buildkit':
      args.push('build', '--progress=plain')
      break
    case 'classic':
      args.push('build', '--force-rm')
      break
  }
  args.push('-t', req.tag, '-f', pathArg(req.file))
  if (req.iidFile !== undefined) args.push('--iidfile', pathArg(req.iidFile))
  if (req.target !== undefined) args.push('--target', req.target)
  if (req.platform !== undefined) args.push('--platform', req.platform)
  for (const [key, value] of Object.entries(req.buildArgs))
    args.push('--build-arg', `${key}=${value}`)
  args.push(pathArg(req.context))
  return args
}

/** The environment a build runs with: the engine's, with DOCKER_BUILDKIT pinned for `docker build`. */
export function buildEnv(engine: Engine): Record<string, string> {
  if (engine.kind === 'buildkit') return { ...engine.env, DOCKER_BUILDKIT: '1' }
  if (engine.kind === 'classic') return { ...engine.env, DOCKER_BUILDKIT: '0' }
  return { ...engine.env }
}

const ENGINE_NAMES = { buildx: 'docker buildx', buildkit: 'BuildKit', classic: 'classic builder' }

/**
 * An argument list shown to people, quoted where needed, with every `--build-arg` value masked
 * (`KEY=***`): build arguments may carry secrets. Display only: never executed.
 */
export function displayCommand(docker: string, args: string[]): string {
  return [docker, ...args]
    .map((a, i) => (args[i - 2] === '--build-arg' ? a.replace(/=.*$/s, '=***') : a))
    .map(a => (/^[\w@%+=:,./*-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ')
}

/**
 * Builds `req.target` with `engine`, tags it `req.tag` and returns its image ID. The build log
 * (stdout and stderr lines) streams to `log.info` inside `log.group('Build <stageLabel> …')`.
 *
 * @throws BuildError when the build exits non-zero: names the failing stage (read from the log)
 *   and holds the last {@link DEFAULT_TAIL_LINES} log lines; Error when the arguments are not
 *   usable (see {@link buildArgs}), the CLI is missing, or the tag cannot be read back.
 */
export async function buildTarget(
  engine: Engine,
  request: BuildRequest,
  log: Log
): Promise<BuildResult> {
  const iidDir = await makeTempDir('isb-iid-')
  try {
    return await runBuild(engine, { ...request, iidFile: join(iidDir, 'id') }, log)
  } finally {
    await removeTempDir(iidDir)
  }
}

async function runBuild(
  engine: Engine,
  req: BuildRequest & { iidFile: string },
  log: Log
): Promise<BuildResult> {
  const args = buildArgs(engine, req)
  const watcher = new BuildLogWatcher(DEFAULT_TAIL_LINES)
  const failedStep = new FailedStepReader()
  const started = Date.now()
  const title = `Build ${req.stageLabel} (${req.target ? `target ${req.target}` : 'last stage'}${req.platform ? `, ${req.platform}` : ''}, ${ENGINE_NAMES[engine.kind]}) → ${req.tag}`
  const exitCode = await log.group(title, async () => {
    log.info(displayCommand(engine.docker, args))
    const run = await runDocker(engine.docker, args, {
      env: buildEnv(engine),
      capture: false,
      onLine: line => {
        watcher.push(line)
        failedStep.push(line)
        log.info(line)
      }
    })
    return run.exitCode
  })
  const durationMs = Date.now() - started
  if (exitCode !== 0) {
    // The tail goes into the job summary, the comment and an annotation, where no log masking
    // applies: build-argument values are masked wherever they show (they may be secrets).
    const mask = (text: string): string => maskBuildArgValues(text, req.buildArgs)
    const step = failedStep.result()
    throw new BuildError({
      stage: watcher.failedStage(),
      label: req.stageLabel,
      exitCode,
      logTail: watcher.lines().map(mask),
      step: step && {
        ...step,
        ...(step.buildkit && { buildkit: { ...step.buildkit, text: mask(step.buildkit.text) } }),
        ...(step.classic && { classic: { ...step.classic, text: mask(step.classic.text) } })
      }
    })
  }
  const imageId = (await readFile(req.iidFile, 'utf8').catch(() => '')).trim()
  if (!/^sha256:[0-9a-f]{64}$/.test(imageId)) {
    throw new Error(
      `Built ${req.stageLabel} but the engine wrote no image ID to --iidfile (got "${imageId.slice(0, 80)}").`
    )
  }
  return {
    // The containerd image store does not look up what some builds write there (a config digest).
    imageId: await resolveBuiltImage(engine, imageId, req.tag),
    stageImages: engine.kind === 'classic' ? watcher.stageImages() : {},
    cachedSteps: watcher.cachedSteps,
    durationMs
  }
}
