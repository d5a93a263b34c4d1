/**
 * Building one Dockerfile stage for measurement: its tag, the `--target` it needs (an unnamed
 * stage is named in a temporary copy, or, with the classic builder, taken from an earlier build's
 * log), and the image ID the engine wrote.
 */
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { makeTempDir, removeTempDir } from './temp-dir.ts'
import { join, resolve } from 'node:path'
import { TOOL_NAME } from './constants.ts'
import { locateFailedStep } from './engine/build-failure.ts'
import { BuildError, buildTarget, checkPlatformBuild, describeStageRef } from './engine/build.ts'
import type { Engine } from './engine/detect.ts'
import { cliMessage, runDocker } from './engine/docker-cli.ts'
import { apiMessage, apiRequest, refPath } from './engine/engine-api.ts'
import { addTag, tagImage } from './engine/inspect.ts'
import type { Inputs } from './inputs.ts'
import type { Log } from './log.ts'
import type { DockerfilePlan } from './model.ts'

/** A built stage: its tag, and its image ID (measured by ID, so a concurrent re-tag cannot race). */
export interface Built {
  tag: string
  imageId: string
  /** Classic builder: the image each stage ended with, by stage index (see `BuildResult`). */
  stageImages: Record<string, string>
  /** The OCI layout tar the same build wrote beside `--load`, when `ociDest` was given. */
  ociArchive?: string
}

/**
 * Builds one stage and returns the tag it was given ({@link buildTag}). With the classic builder,
 * an unnamed stage that an `earlier` build already ran is taken from that build's log (the image
 * the stage ended with) and tagged: no second build at all.
 * `--target` needs a stage name: the last stage is built without it, and an unnamed earlier
 * stage is built from a temporary copy of the Dockerfile whose FROM line gains `AS isb-stage-N`
 * (same line numbers, same build cache).
 *
 * With `inputs.platform` (`os/arch[/variant]`) the stage is built with `--platform` (BuildKit and
 * buildx; the classic builder is refused before anything runs, see `checkPlatformBuild`) and the
 * tag carries the platform, so the platforms of one image never overwrite each other's tags.
 *
 * @param tagName starts the tag's version part (`latest`, `baseline`). A run building several
 *   images from one Dockerfile and stage (e.g. with other build args) must make it differ per
 *   image, e.g. `latest-<image name>`.
 * @param runId this run's id (`src/run-id.ts`): the tag is this run's alone.
 * @param ociDest where the same build also writes an OCI layout tar (buildx with a builder of its
 *   own store only: see `exportsOci`); returned as `ociArchive`.
 * @throws Error naming `platforms` when `inputs.platform` is set and the engine builds with the
 *   classic builder (nothing is built).
 * @throws BuildError when the build fails, with the failing stage as a stage ref of `plan` (an
 *   `isb-stage-N` copy name mapped back; the built stage when the log names none) and, when the
 *   log names it, the failing instruction and its line in `inputs.file`.
 */
export async function buildStage(
  engine: Engine,
  plan: DockerfilePlan,
  stage: string,
  inputs: Inputs,
  tagName: string,
  log: Log,
  earlier?: Built,
  runId?: string,
  ociDest?: string
): Promise<Built> {
  checkPlatformBuild(engine, inputs.platform)
  const tag = buildTag(stage, tagName, inputs.file, runId, inputs.platform)
  const label = `${stage === plan.target ? 'final' : 'builder'} ${describeStageRef(stage)}`
  const spec = plan.stages.find(s => s.ref === stage)
  if (!spec) throw new Error(`internal: stage ${stage} is not in the plan`)
  const isLast = spec.index === plan.stages.length - 1
  const ranBefore = earlier?.stageImages[String(spec.index)]
  if (spec.name === undefined && !isLast && ranBefore !== undefined) {
    log.info(
      `Stage ${spec.index} is unnamed: taking image ${ranBefore} it ended with in the final build.`
    )
    return { tag, imageId: await tagImage(engine, ranBefore, tag), stageImages: {} }
  }
  let file = inputs.file
  let target: string | undefined = spec.name
  let scratchDir: string | undefined
  if (spec.name === undefined && !isLast) {
    scratchDir = await makeTempDir('isb-dockerfile-')
    target = `isb-stage-${spec.index}`
    file = join(scratchDir, 'Dockerfile')
    await writeFile(
      file,
      nameStage(await readFile(inputs.file, 'utf8'), spec.from.location.line, target)
    )
  }
  try {
    const { imageId, stageImages } = await buildTarget(
      engine,
      {
        context: inputs.context,
        file,
        target,
        buildArgs: inputs.buildArgs,
        tag,
        stageLabel: label,
        ...(inputs.platform !== undefined ? { platform: inputs.platform } : {}),
        ...(ociDest !== undefined ? { ociDest } : {})
      },
      log
    )
    return { tag, imageId, stageImages, ...(ociDest !== undefined ? { ociArchive: ociDest } : {}) }
  } catch (error) {
    if (!(error instanceof BuildError)) throw error
    throw locateBuildError(error, plan, stage, target)
  } finally {
    if (scratchDir) await removeTempDir(scratchDir)
  }
}

/**
 * `error` with its stage as a ref of `plan` and, when the log names it, the failing instruction.
 * The stage: the instruction's stage, else the stage the log names (`targetName`, the copy's
 * `isb-stage-N`, read as `built`), else `built` itself: a build that names no stage failed in the
 * stage it was asked for or one it depends on, and `built` is the one the user knows.
 */
export function locateBuildError(
  error: BuildError,
  plan: DockerfilePlan,
  built: string,
  targetName?: string
): BuildError {
  const found = locateFailedStep(error.step, plan, built, targetName)
  const fromLog =
    error.stage === undefined
      ? undefined
      : targetName !== undefined && error.stage === targetName.toLowerCase()
        ? built
        : error.stage
  const stage = found.instruction?.stage ?? found.stage ?? fromLog ?? built
  return error.located({ ...found, stage, built })
}

/**
 * The tag a built stage gets:
 * `image-size-budget/<stage>:<tagName>[-<platform>]-<12 hex>[-<runId>]`, the hex a SHA-256 of the
 * Dockerfile's absolute path (projects on one engine with a stage of the same name keep separate
 * tags), the platform's parts joined by `-` (`linux-arm64-v8`: two platforms of one image keep
 * separate tags) and the run id this run's own (runs that share an engine never re-tag each
 * other's images). At most 128 characters after the colon (the tag grammar's limit).
 *
 * @param platform `os/arch[/variant]`, or undefined for the engine's own platform (no part).
 */
export function buildTag(
  stage: string,
  tagName: string,
  file: string,
  runId?: string,
  platform?: string
): string {
  const project = createHash('sha256').update(resolve(file)).digest('hex').slice(0, 12)
  const run = runId === undefined ? '' : `-${runId.replace(/[^A-Za-z0-9_.-]/g, '-')}`
  const plat = platform === undefined ? '' : `-${platform.replace(/[^A-Za-z0-9_.]+/g, '-')}`
  return `${TOOL_NAME}/${tagComponent(stage)}:${`${tagName}${plat}-${project}${run}`.slice(0, 128)}`
}

/**
 * The classic builder's build cache is its images: removing a run's tag deletes the image of the
 * stage's last step (often the expensive compile), and the next run builds it again. So, on that
 * builder only, each run tag is first copied to the project's stable tag (the run tag without its
 * `-<runId>` part: `image-size-budget/build:latest-<project>`), which keeps the last step cached
 * for the next run. Concurrent runs may move the stable tag; measurements are by image ID, so
 * that is harmless. Best effort, like {@link removeTags}: failures are logged, never thrown.
 *
 * @param runId the run id the tags were made with ({@link buildTag}).
 */
export async function keepClassicCache(
  engine: Pick<Engine, 'docker' | 'env' | 'kind' | 'api'>,
  tags: readonly string[],
  runId: string,
  log: Log
): Promise<void> {
  if (engine.kind !== 'classic') return
  const suffix = `-${runId.replace(/[^A-Za-z0-9_.-]/g, '-')}`
  // One `docker image tag` per tag (it takes one target), side by side.
  await Promise.all(
    [...new Set(tags)]
      .filter(tag => tag.endsWith(suffix))
      .map(async tag => {
        const stable = tag.slice(0, -suffix.length)
        const failure = await addTag(engine, tag, stable).catch((error: Error) => error.message)
        if (failure !== undefined)
          log.debug(`Could not keep ${tag} cached as ${stable}: ${failure}`)
      })
  )
}

/** `No such image: TAG` as docker image rm prints it for each missing tag (20.10 and 28). */
const NO_SUCH_IMAGE = /No such image: (\S+?)\s*$/gim

/**
 * Removes the tags a run gave its builds: `docker image rm --no-prune TAG…`. The engine only
 * untags an image that has other tags (or is a parent of another image), and deletes it when the
 * tag was its last reference; `--no-prune` keeps its untagged parents, which are the classic
 * builder's cache. Never forced, never by image ID. Best effort: a failure is logged as a warning
 * naming the tags, never thrown; a tag that does not exist (never made) is not a failure.
 */
export async function removeTags(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  tags: readonly string[],
  log: Log
): Promise<void> {
  const unique = [...new Set(tags)]
  if (unique.length === 0) return
  const api = engine.api
  if (api) {
    // One request per tag, at once; a tag never made (404) is no leak.
    const failed = (
      await Promise.all(
        unique.map(async tag => {
          try {
            const answer = await apiRequest(api, 'DELETE', `/images/${refPath(tag)}?noprune=1`)
            return answer.status === 200 || answer.status === 404
              ? undefined
              : `${tag}: ${apiMessage(answer)}`
          } catch (error) {
            return `${tag}: ${error instanceof Error ? error.message : String(error)}`
          }
        })
      )
    ).filter((failure): failure is string => failure !== undefined)
    if (failed.length > 0) {
      log.warning(`Could not remove the tags this run made: ${failed.join('; ')}`)
    } else {
      log.debug(`Removed the tags this run made: ${unique.join(', ')}`)
    }
    return
  }
  try {
    const run = await runDocker(engine.docker, ['image', 'rm', '--no-prune', '--', ...unique], {
      env: engine.env
    })
    // A tag that was never made (a failed build or bake tags nothing) is no leak: docker names
    // each missing one ("No such image: TAG") and removes the others all the same.
    const missing = new Set([...run.stderr.matchAll(NO_SUCH_IMAGE)].map(match => match[1]))
    const left = cliMessage(run)
      .split('\n')
      .filter(line => line.trim() !== '' && !/No such image:/i.test(line))
    if (run.exitCode !== 0 && left.length > 0) {
      const kept = unique.filter(tag => !missing.has(tag))
      log.warning(`Could not remove the tags this run made (${kept.join(', ')}): ${left.join(' ')}`)
    } else {
      log.debug(`Removed the tags this run made: ${unique.join(', ')}`)
    }
  } catch (error) {
    log.warning(
      `Could not remove the tags this run made (${unique.join(', ')}): ${error instanceof Error ? error.message : String(error)}`
    )
  }
}

/**
 * A stage name as a valid repository path component (distribution's reference grammar:
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`): lower-cased, other characters and runs of separators
 * folded to one `-`, no separator at either end. `build-` → `build`, `Final..Stage` → `final-stage`.
 */
export function tagComponent(stage: string): string {
  const folded = stage
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return folded === '' ? 'stage' : folded
}

/**
 * Appends ` AS name` to the FROM instruction on 1-based `line`.
 * @throws Error when that FROM continues on the next line (not supported for unnamed stages).
 */
export function nameStage(dockerfile: string, line: number, name: string): string {
  const lines = dockerfile.split('\n')
  const from = (lines[line - 1] ?? '').replace(/\r$/, '')
  if (/[\\`]\s*$/.test(from)) {
    throw new Error(
      `Dockerfile line ${line}: an unnamed stage whose FROM spans several lines cannot be built on its own; name it with AS.`
    )
  }
  lines[line - 1] = `${from} AS ${name}`
  return lines.join('\n')
}
