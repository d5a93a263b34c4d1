/**
 * Build the images of a bake file in one `docker buildx bake` run (issue 10): every subject —
 * a bake target, maybe another stage of it (the builder stage), maybe one platform of it — is a
 * target of that run, so bake builds them in parallel with one shared cache.
 *
 * One bake target can be built several times in one run (its final and builder stages, each
 * platform), which `--set TARGET.key=value` cannot express (it changes the one target). So each
 * subject becomes a target of its own in a small JSON bake file written beside the user's
 * (`-f USER… -f OVERRIDES.json`): `{"inherits": ["app"], "tags": [TAG], "target": STAGE,
 * "platforms": [P], "output": ["type=docker"]}`. Bake merges the files and resolves `inherits`
 * itself (checked with buildx 0.13.1: `tags`, `platforms`, `output` and `target` replace the
 * inherited values), so everything else the user's file sets — context, Dockerfile, args,
 * secrets, named contexts, cache — applies unchanged. Nothing is parsed here but bake's own
 * output: the log, to say which target and stage failed, and `--metadata-file`.
 *
 * The argument list and the override file are pure ({@link bakeArgs}, {@link bakeOverrides});
 * {@link bakeBuild} runs them.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { makeTempDir, removeTempDir } from '../temp-dir.ts'
import { isAbsolute, join } from 'node:path'
import type { Log } from '../log.ts'
import { parsePlatform } from '../image/platform.ts'
import { maskBuildArgValues } from '../report/redact.ts'
import { BuildError, displayCommand } from './build.ts'
import { FailedStepReader } from './build-failure.ts'
import { BuildLogWatcher, DEFAULT_TAIL_LINES, cleanLogLine } from './build-log.ts'
import type { Engine } from './detect.ts'
import { compareVersions, parseVersion } from './detect.ts'
import { runDocker } from './docker-cli.ts'
import { imageExists, inspectImage } from './inspect.ts'

/** One image to build in a bake run. */
export interface BakeBuildTarget {
  /** The bake target, as the bake file names it (letters, digits, `_`, `-`). */
  name: string
  /** The tag the image gets; replaces the target's own `tags` (nothing is pushed). */
  tag: string
  /** A stage to build instead of the target's own `target` (e.g. the builder stage). */
  target?: string
  /** One platform, `os/arch[/variant]`; replaces the target's `platforms`. Default: the target's. */
  platform?: string
  /**
   * An absolute path replacing the target's Dockerfile, e.g. a temporary copy whose unnamed
   * stage gained `AS isb-stage-N` (`nameStage` in src/build-stage.ts) so `target` can name it.
   */
  dockerfile?: string
}

/** What {@link bakeBuild} built for one {@link BakeBuildTarget}, in request order. */
export interface BakeBuilt extends BakeBuildTarget {
  /**
   * `sha256:…` image ID as the engine looks it up (`docker image inspect` accepts it): the config
   * digest on the classic store, the manifest digest on the containerd store.
   */
  imageId: string
}

/** The result of one bake run. */
export interface BakeResult {
  built: BakeBuilt[]
  /** Steps bake served from cache (`#N CACHED`), over all targets. */
  cachedSteps: number
  /** Wall time of the `docker buildx bake` run, in milliseconds. */
  durationMs: number
}

/** Bake's characters for target names (buildx `bake.go`); a leading `-` would read as a flag. */
const TARGET_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/

/** The name of subject `index`'s target in the override file (bake's characters only). */
export function subjectTargetName(index: number): string {
  return `image-size-budget_${index}`
}

/** buildx learnt `--provenance` and `--sbom` on bake in v0.10.0 (docker/buildx release notes). */
const ATTEST_FLAGS_SINCE = [0, 10, 0]

/**
 * Checks the request before anything runs.
 * @throws Error naming the bake file(s) and the target for an empty file list, a target name
 *   that is not bake's, an unusable tag or stage name, a platform that is not
 *   `os/arch[/variant]`, a Dockerfile override that is not absolute, two subjects with one tag,
 *   or an engine without buildx.
 */
function checkRequest(engine: Pick<Engine, 'kind' | 'reason'>, opts: BakeBuildOptions): void {
  const files = opts.files.join(', ')
  if (opts.files.length === 0) throw new Error('bake: no bake file given.')
  if (opts.targets.length === 0) throw new Error(`bake ${files}: no target to build.`)
  if (engine.kind !== 'buildx') {
    throw new Error(
      `bake ${files}: docker buildx bake needs the buildx plugin, but this run builds with the ${engine.kind === 'buildkit' ? 'BuildKit of the docker CLI' : 'classic builder'} (${engine.reason}). Install buildx (docker/setup-buildx-action) or remove bake.`
    )
  }
  const tags = new Set<string>()
  for (const t of opts.targets) {
    const where = `bake ${files}: target "${t.name}"`
    if (!TARGET_NAME.test(t.name)) {
      throw new Error(`${where} is not a bake target name (letters, digits, _ and -).`)
    }
    if (!t.tag || /\s/.test(t.tag) || t.tag.startsWith('-')) {
      throw new Error(`${where}: image tag "${t.tag}" is not valid: expected a name[:tag]`)
    }
    if (tags.has(t.tag)) throw new Error(`${where}: the tag ${t.tag} is given to two subjects`)
    tags.add(t.tag)
    if (t.target !== undefined && (!t.target || /\s/.test(t.target))) {
      throw new Error(`${where}: stage "${t.target}" is not valid: expected a stage name`)
    }
    if (t.platform !== undefined) parsePlatform(t.platform, `${where}: platform`)
    if (t.dockerfile !== undefined && !isAbsolute(t.dockerfile)) {
      throw new Error(`${where}: the Dockerfile "${t.dockerfile}" must be an absolute path`)
    }
  }
}

/**
 * The override bake file (JSON) for `targets`: one target per subject, named
 * {@link subjectTargetName}, inheriting the user's target and replacing its `tags` (the subject's
 * tag only), `output` (`type=docker`: into the engine's image store, never pushed), and, when
 * given, `target`, `dockerfile` and `platforms`. Pure.
 */
export function bakeOverrides(targets: readonly BakeBuildTarget[]): {
  target: Record<string, Record<string, unknown>>
} {
  const target: Record<string, Record<string, unknown>> = {}
  targets.forEach((t, index) => {
    target[subjectTargetName(index)] = {
      inherits: [t.name],
      tags: [t.tag],
      output: ['type=docker'],
      ...(t.target !== undefined ? { target: t.target } : {}),
      ...(t.dockerfile !== undefined ? { dockerfile: t.dockerfile } : {}),
      ...(t.platform !== undefined ? { platforms: [t.platform] } : {})
    }
  })
  return { target }
}

/**
 * The docker CLI arguments of one bake run (without the CLI itself):
 * `buildx bake [--builder NAME] --progress=plain [--provenance=false --sbom=false]
 * --metadata-file META -f FILE… -f OVERRIDES -- image-size-budget_0 image-size-budget_1 …`.
 * Attestations off (buildx ≥ 0.10, or of unknown version) keep each result a plain image, not an
 * index with attestation manifests. Pure.
 */
export function bakeArgs(
  engine: Pick<Engine, 'builder' | 'buildxVersion'>,
  opts: { files: readonly string[]; overrides: string; metadataFile: string; count: number }
): string[] {
  const args = ['buildx', 'bake']
  if (engine.builder !== undefined) args.push('--builder', engine.builder)
  args.push('--progress=plain')
  const v = engine.buildxVersion === undefined ? undefined : parseVersion(engine.buildxVersion)
  if (v === undefined || compareVersions(v, ATTEST_FLAGS_SINCE) >= 0) {
    args.push('--provenance=false', '--sbom=false')
  }
  args.push('--metadata-file', opts.metadataFile)
  for (const file of [...opts.files, opts.overrides]) {
    args.push('-f', file.startsWith('-') ? `./${file}` : file)
  }
  args.push('--', ...Array.from({ length: opts.count }, (_, i) => subjectTargetName(i)))
  return args
}

/** Options of {@link bakeBuild}. */
export interface BakeBuildOptions {
  /** The user's bake files (HCL, JSON or compose), as `docker buildx bake -f` takes them. */
  files: string[]
  /** The subjects to build, each a bake target with its tag, stage and platform. */
  targets: BakeBuildTarget[]
  /** Values masked (`***`) in a failure's log tail, e.g. the targets' build-arg values. */
  mask?: Record<string, string>
  log: Log
}

/**
 * A failed bake run: a {@link BuildError} whose `label` names the bake target (its stage and
 * platform when given) and the bake files; `request` is the subject that failed, when the log
 * tells (undefined when bake failed before building, e.g. an unknown target in `inherits`).
 */
export class BakeBuildError extends BuildError {
  readonly files: string[]
  readonly request: BakeBuildTarget | undefined

  constructor(
    opts: ConstructorParameters<typeof BuildError>[0] & {
      files: string[]
      request?: BakeBuildTarget
    }
  ) {
    super(opts)
    this.name = 'BakeBuildError'
    this.files = opts.files
    this.request = opts.request
  }

  /** The same failure with the stage and the place in the Dockerfile filled in (see BuildError). */
  override located(where: Parameters<BuildError['located']>[0]): BakeBuildError {
    const base = super.located(where)
    return new BakeBuildError({
      ...(base.stage !== undefined ? { stage: base.stage } : {}),
      label: base.label,
      ...(base.built !== undefined ? { built: base.built } : {}),
      exitCode: base.exitCode,
      logTail: base.logTail,
      ...(base.step ? { step: base.step } : {}),
      ...(base.instruction ? { instruction: base.instruction } : {}),
      ...(base.location ? { location: base.location } : {}),
      files: this.files,
      ...(this.request ? { request: this.request } : {})
    })
  }
}

/** How a subject reads in messages: `bake target "app" (stage "build", linux/arm64) of F`. */
export function describeBakeTarget(t: BakeBuildTarget, files: readonly string[]): string {
  const parts = [
    ...(t.target !== undefined ? [`stage "${t.target}"`] : []),
    ...(t.platform !== undefined ? [t.platform] : [])
  ]
  return `bake target "${t.name}"${parts.length ? ` (${parts.join(', ')})` : ''} of ${files.join(', ')}`
}

/**
 * Reads a bake log: which subject each step belongs to (BuildKit labels a bake step with its
 * target first: `#12 [image-size-budget_1 build 2/2] COPY …`), and, per subject, the failing
 * stage and step (the label without the target, fed to the single-build readers). Pure.
 */
export class BakeLogReader {
  private readonly count: number
  private readonly vertexOwner = new Map<string, number>()
  private readonly readers: { watcher: BuildLogWatcher; step: FailedStepReader }[]
  /** Every line, for the tail and the cache count. */
  readonly all = new BuildLogWatcher(DEFAULT_TAIL_LINES)
  private failed: number | undefined

  constructor(count: number) {
    this.count = count
    this.readers = Array.from({ length: count }, () => ({
      watcher: new BuildLogWatcher(DEFAULT_TAIL_LINES),
      step: new FailedStepReader()
    }))
  }

  push(raw: string): void {
    this.all.push(raw)
    const line = cleanLogLine(raw)
    const labelled = /^(#(\d+) | *> )\[(\S+)(?: ([^\]]*))?\](.*)$/.exec(line)
    if (labelled) {
      const owner = this.subjectOf(labelled[3] as string)
      if (owner !== undefined) {
        const vertex = labelled[2]
        if (vertex !== undefined) this.vertexOwner.set(vertex, owner)
        if (line.trimStart().startsWith('>')) this.failed = owner
        const rest = labelled[4]
        // BuildKit's own label without the target: `build 2/2`; `[target]` alone has none.
        this.feed(owner, `${labelled[1]}[${rest ?? 'internal'}]${labelled[5]}`)
        return
      }
    }
    const vertexLine = /^#(\d+) /.exec(line)
    if (vertexLine) {
      const owner = this.vertexOwner.get(vertexLine[1] as string)
      if (owner !== undefined) {
        if (/^#\d+ ERROR\b/.test(line)) this.failed ??= owner
        this.feed(owner, line)
      }
      return
    }
    // Newer buildx names the target in its error line: `ERROR: target image-size-budget_1: …`.
    const named = /^ERROR: target (\S+?):/.exec(line)
    if (named) this.failed = this.subjectOf(named[1] as string) ?? this.failed
    // Unlabelled lines (the error summary's source snippet, ERROR: lines) belong to whichever
    // subject failed; each reader keeps only what concerns it.
    for (let i = 0; i < this.count; i++) this.feed(i, line)
  }

  /** The subject that failed (0-based), when the log says. */
  failedSubject(): number | undefined {
    return this.failed
  }

  /** The failing stage and step of subject `index` (see the single-build readers). */
  failure(index: number): {
    stage: string | undefined
    step: ReturnType<FailedStepReader['result']>
  } {
    const r = this.readers[index]
    return { stage: r?.watcher.failedStage(), step: r?.step.result() }
  }

  private subjectOf(name: string): number | undefined {
    const m = /^image-size-budget_(\d+)$/.exec(name)
    const index = m ? Number(m[1]) : undefined
    return index !== undefined && index < this.count ? index : undefined
  }

  private feed(index: number, line: string): void {
    const r = this.readers[index]
    r?.watcher.push(line)
    r?.step.push(line)
  }
}

/**
 * Builds `opts.targets` in ONE `docker buildx bake` run ({@link bakeArgs}, with the override
 * file of {@link bakeOverrides} after the user's files), streams its log into
 * `log.group('Bake …')`, and returns each subject's image ID, in request order.
 *
 * Image IDs: bake's `--metadata-file` gives each target's `containerimage.digest` (the image ID
 * with the docker driver on the classic store; the manifest digest, which is the image's `.Id`,
 * on the containerd store) and, from some drivers, `containerimage.config.digest`; the first the
 * engine knows is the ID, else the subject's tag (set by this run, unique to it) is inspected.
 *
 * @param engine the detected engine; must build with buildx (`engine.kind === 'buildx'`).
 * @throws Error before anything runs for a bad request (see `checkRequest`: names the bake files
 *   and the target); BakeBuildError (a BuildError) when bake exits non-zero, naming the bake
 *   files and, when the log tells, the failing target, its stage and step, with the log tail
 *   (`mask` values hidden); Error naming the target when its image cannot be found afterwards.
 */
export async function bakeBuild(engine: Engine, opts: BakeBuildOptions): Promise<BakeResult> {
  checkRequest(engine, opts)
  const { files, targets, log } = opts
  const dir = await makeTempDir('isb-bake-')
  try {
    const overrides = join(dir, 'image-size-budget.bake.json')
    const metadataFile = join(dir, 'metadata.json')
    await writeFile(overrides, JSON.stringify(bakeOverrides(targets), null, 2))
    const args = bakeArgs(engine, { files, overrides, metadataFile, count: targets.length })
    const reader = new BakeLogReader(targets.length)
    const started = Date.now()
    const names = targets.map(t => describeBakeTarget(t, []).replace(/ of $/, ''))
    const exitCode = await log.group(`Bake ${names.join(', ')} (${files.join(', ')})`, async () => {
      log.info(displayCommand(engine.docker, args))
      const run = await runDocker(engine.docker, args, {
        env: { ...engine.env },
        capture: false,
        onLine: line => {
          reader.push(line)
          log.info(line)
        }
      })
      return run.exitCode
    })
    const durationMs = Date.now() - started
    if (exitCode !== 0) throw bakeFailure(reader, opts, exitCode)
    const metadata = await readMetadata(metadataFile)
    const built: BakeBuilt[] = []
    for (const [index, t] of targets.entries()) {
      const entry = metadata[subjectTargetName(index)]
      built.push({ ...t, imageId: await builtImage(engine, entry, t, files) })
    }
    return { built, cachedSteps: reader.all.cachedSteps, durationMs }
  } finally {
    await removeTempDir(dir)
  }
}

/** The error of a failed bake run, for the subject the log names (else the run as a whole). */
function bakeFailure(reader: BakeLogReader, opts: BakeBuildOptions, exitCode: number): Error {
  const mask = (text: string): string => maskBuildArgValues(text, opts.mask ?? {})
  const index = reader.failedSubject()
  const request = index === undefined ? undefined : opts.targets[index]
  const failure = index === undefined ? undefined : reader.failure(index)
  const step = failure?.step
  return new BakeBuildError({
    ...(failure?.stage !== undefined ? { stage: failure.stage } : {}),
    label: request
      ? describeBakeTarget(request, opts.files)
      : `bake of ${opts.files.join(', ')} (targets ${[...new Set(opts.targets.map(t => t.name))].join(', ')})`,
    ...(request?.target !== undefined ? { built: request.target } : {}),
    exitCode,
    logTail: reader.all.lines().map(mask),
    ...(step
      ? {
          step: {
            ...step,
            ...(step.buildkit && {
              buildkit: { ...step.buildkit, text: mask(step.buildkit.text) }
            })
          }
        }
      : {}),
    files: opts.files,
    ...(request ? { request } : {})
  })
}

/** `--metadata-file` JSON: target → its fields; empty when bake wrote none. */
async function readMetadata(path: string): Promise<Record<string, Record<string, unknown>>> {
  const text = await readFile(path, 'utf8').catch(() => '')
  if (!text.trim()) return {}
  try {
    const data: unknown = JSON.parse(text)
    return typeof data === 'object' && data !== null
      ? (data as Record<string, Record<string, unknown>>)
      : {}
  } catch {
    return {}
  }
}

/** The image ID of one built subject (see {@link bakeBuild}). */
async function builtImage(
  engine: Engine,
  entry: Record<string, unknown> | undefined,
  t: BakeBuildTarget,
  files: readonly string[]
): Promise<string> {
  const candidates = [entry?.['containerimage.digest'], entry?.['containerimage.config.digest']]
  for (const id of candidates) {
    if (
      typeof id === 'string' &&
      /^sha256:[0-9a-f]{64}$/.test(id) &&
      (await imageExists(engine, id))
    )
      return id
  }
  if (await imageExists(engine, t.tag)) return (await inspectImage(engine, t.tag)).id
  throw new Error(
    `${describeBakeTarget(t, files)}: bake succeeded but its image is not in the engine (neither the digests bake reported nor the tag ${t.tag}).`
  )
}
