/**
 * What the local engine says about an image: `docker image inspect` (one call, JSON), whether an
 * image exists, and best-effort removal.
 */
import type { Log } from '../log.ts'
import type { Engine } from './detect.ts'
import { cliMessage, runDocker } from './docker-cli.ts'
import { apiMessage, apiRequest, refPath } from './engine-api.ts'

/** The parts of `docker image inspect` the action uses. */
export interface ImageInspect {
  /**
   * Image ID, `sha256:…`: the digest of the config blob on the classic store; on the containerd
   * image store the digest of the image's manifest or index (what `docker image ls` shows there).
   */
  id: string
  /**
   * `.Size` in bytes. On the classic store the uncompressed size: the sum of the layers' sizes as
   * the engine counts them (moby `layer/ro_layer.go` `Size()`, `daemon/images/image_inspect.go`).
   * On the containerd image store another figure (Docker 26.1: the image's compressed content, not
   * its unpacked layers), which is why measurement computes the unpacked size there.
   */
  size: number
  /** `.RootFS.Layers`: the layers' diff IDs (`sha256:…`), base first. */
  diffIds: string[]
  os: string
  architecture: string
  variant?: string
  /** `os/architecture[/variant]`, e.g. `linux/amd64`. */
  platform: string
  repoTags: string[]
  /** `.Created`, RFC 3339 as the engine wrote it. */
  created: string
}

/** The engine's answer for an image that does not exist (20.10: `Error: No such image: X`). */
const NOT_FOUND = /No such (image|object)/i

/** The daemon's answer for a malformed reference (it also says "no such image", so test first). */
const INVALID_REF = /invalid reference format/i

/**
 * Classifies a failed inspect: `missing` (no such image), else an Error naming `ref` (a malformed
 * reference, a daemon that does not answer, …).
 */
function inspectFailure(ref: string, stderr: string, message: string): 'missing' | Error {
  if (INVALID_REF.test(stderr)) {
    return new Error(`image reference "${ref}" is not valid: ${message}`)
  }
  if (NOT_FOUND.test(stderr)) return 'missing'
  return new Error(`docker image inspect of "${ref}" failed: ${message}`)
}

/**
 * `GET /images/REF/json` (what `docker image inspect` prints): the parsed JSON, or `missing`.
 * @throws Error naming `ref` when it is malformed or the engine answers otherwise.
 */
async function apiInspect(socket: string, ref: string): Promise<unknown> {
  const answer = await apiRequest(socket, 'GET', `/images/${refPath(ref)}/json`)
  if (answer.status === 200) {
    try {
      return JSON.parse(answer.body) as unknown
    } catch {
      throw new Error(`docker image inspect of "${ref}" did not return JSON`)
    }
  }
  const message = apiMessage(answer)
  if (answer.status === 404 && !INVALID_REF.test(message)) return 'missing'
  const failure = inspectFailure(ref, message, message)
  if (failure === 'missing') return 'missing'
  throw failure
}

function notFound(ref: string): Error {
  return new Error(
    `image ${ref} not found in the local engine (build it, pull it or check the name)`
  )
}

/** Refuses references the CLI would misread (empty, spaces, a leading `-` read as a flag). */
function checkRef(ref: string): void {
  if (!ref || /\s/.test(ref) || ref.startsWith('-')) {
    throw new Error(
      `image reference "${ref}" is not valid: expected a name[:tag], name@digest or image ID`
    )
  }
}

/**
 * One element of `docker image inspect` JSON → {@link ImageInspect}.
 * @throws Error naming `ref` when a field the action needs is missing or has the wrong type.
 */
export function parseImageInspect(raw: unknown, ref: string): ImageInspect {
  const bad = (what: string): Error =>
    new Error(`docker image inspect of "${ref}" returned no usable ${what}`)
  if (typeof raw !== 'object' || raw === null) throw bad('object')
  const o = raw as Record<string, unknown>
  const rootFS = o['RootFS'] as { Layers?: unknown } | undefined
  const id = o['Id']
  const size = o['Size']
  const os = o['Os']
  const architecture = o['Architecture']
  const layers = rootFS?.Layers ?? []
  if (typeof id !== 'string' || !id.startsWith('sha256:')) throw bad('Id')
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw bad('Size')
  if (typeof os !== 'string' || !os) throw bad('Os')
  if (typeof architecture !== 'string' || !architecture) throw bad('Architecture')
  if (!Array.isArray(layers) || !layers.every(l => typeof l === 'string')) {
    throw bad('RootFS.Layers')
  }
  const variant = typeof o['Variant'] === 'string' && o['Variant'] ? o['Variant'] : undefined
  const repoTags = Array.isArray(o['RepoTags'])
    ? (o['RepoTags'] as unknown[]).filter((t): t is string => typeof t === 'string')
    : []
  return {
    id,
    size,
    diffIds: layers as string[],
    os,
    architecture,
    ...(variant ? { variant } : {}),
    platform: [os, architecture, variant].filter(Boolean).join('/'),
    repoTags,
    created: typeof o['Created'] === 'string' ? o['Created'] : ''
  }
}

/**
 * `docker image inspect REF` (one call) → {@link ImageInspect}.
 *
 * @param ref a tag, `name@digest` or image ID in the local engine.
 * @throws Error "image REF not found in the local engine" when it does not exist; Error naming
 *   `ref` when the reference is malformed or the engine answers otherwise.
 */
export async function inspectImage(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  ref: string
): Promise<ImageInspect> {
  checkRef(ref)
  if (engine.api) {
    const raw = await apiInspect(engine.api, ref)
    if (raw === 'missing') throw notFound(ref)
    return parseImageInspect(raw, ref)
  }
  const run = await runDocker(engine.docker, ['image', 'inspect', '--', ref], { env: engine.env })
  if (run.exitCode !== 0) {
    const failure = inspectFailure(ref, run.stderr, cliMessage(run))
    if (failure === 'missing') throw notFound(ref)
    throw failure
  }
  let list: unknown
  try {
    list = JSON.parse(run.stdout)
  } catch {
    throw new Error(`docker image inspect of "${ref}" did not print JSON`)
  }
  if (!Array.isArray(list) || list.length === 0) throw notFound(ref)
  return parseImageInspect(list[0], ref)
}

/** `No such image: REF` as the CLI prints it on stderr for each missing image (20.10 and 28). */
const MISSING_REF = /No such (?:image|object): (.+?)\s*$/gim

/**
 * `docker image inspect A B …` in one call (each docker start costs ~0.15 CPU-s): each reference's
 * {@link ImageInspect}, in order, or undefined for one the engine does not hold. The CLI prints
 * the images it found, in order, and names each missing one on stderr; when the answer cannot be
 * matched to the references that way (another error, a count that does not add up), each is
 * inspected on its own, so errors are those of {@link inspectImage}.
 *
 * @throws Error naming a reference that is malformed, or when the engine fails otherwise.
 */
export async function inspectImages(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  refs: readonly string[]
): Promise<(ImageInspect | undefined)[]> {
  const unique = [...new Set(refs)]
  unique.forEach(checkRef)
  const api = engine.api
  if (api) {
    // One request each, at once: no process to start, so nothing to save by batching.
    const found = await Promise.all(unique.map(ref => apiInspect(api, ref)))
    const byRef = new Map(
      unique.map((ref, k) => {
        const raw = found[k]
        return [ref, raw === 'missing' ? undefined : parseImageInspect(raw, ref)]
      })
    )
    return refs.map(ref => byRef.get(ref))
  }
  const run = await runDocker(engine.docker, ['image', 'inspect', '--', ...unique], {
    env: engine.env
  })
  let list: unknown
  try {
    list = JSON.parse(run.stdout)
  } catch {
    list = undefined
  }
  const missing = new Set([...run.stderr.matchAll(MISSING_REF)].map(m => m[1]))
  const present = unique.filter(ref => !missing.has(ref))
  const byRef = new Map<string, ImageInspect | undefined>()
  if (
    Array.isArray(list) &&
    list.length === present.length &&
    (run.exitCode === 0) === (missing.size === 0) &&
    !INVALID_REF.test(run.stderr)
  ) {
    present.forEach((ref, k) => byRef.set(ref, parseImageInspect(list[k], ref)))
  } else {
    for (const ref of unique) {
      byRef.set(ref, (await imageExists(engine, ref)) ? await inspectImage(engine, ref) : undefined)
    }
  }
  return refs.map(ref => byRef.get(ref))
}

/**
 * True when `ref` names an image in the local engine.
 * @throws Error when the reference is malformed or the engine fails for another reason (so a
 *   down daemon is never mistaken for a missing image).
 */
export async function imageExists(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  ref: string
): Promise<boolean> {
  checkRef(ref)
  if (engine.api) return (await apiInspect(engine.api, ref)) !== 'missing'
  const run = await runDocker(
    engine.docker,
    ['image', 'inspect', '--format', '{{.Id}}', '--', ref],
    {
      env: engine.env
    }
  )
  if (run.exitCode === 0) return true
  const failure = inspectFailure(ref, run.stderr, cliMessage(run))
  if (failure === 'missing') return false
  throw failure
}

/**
 * `docker image rm REF`, best effort: failures (already gone, still used by a container) are
 * logged at debug level when a log is given, never thrown. Untags only when other tags remain.
 */
export async function removeImage(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  ref: string,
  log?: Log
): Promise<void> {
  try {
    checkRef(ref)
    if (engine.api) {
      const answer = await apiRequest(engine.api, 'DELETE', `/images/${refPath(ref)}`)
      if (answer.status !== 200) log?.debug(`docker image rm ${ref}: ${apiMessage(answer)}`)
      return
    }
    const run = await runDocker(engine.docker, ['image', 'rm', '--', ref], { env: engine.env })
    if (run.exitCode !== 0) log?.debug(`docker image rm ${ref}: ${cliMessage(run)}`)
  } catch (error) {
    log?.debug(`docker image rm ${ref}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/**
 * `docker image tag SOURCE TARGET`; on the API `POST /images/SOURCE/tag?repo=…&tag=…` (what the
 * CLI sends; `target` is `repository:tag`, a registry port in the repository kept).
 *
 * @returns undefined when the engine made the tag, else the engine's message.
 * @throws Error when a reference is malformed, the CLI cannot be started or the socket cannot be
 *   reached.
 */
export async function addTag(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  source: string,
  target: string
): Promise<string | undefined> {
  checkRef(source)
  checkRef(target)
  if (engine.api) {
    const colon = target.lastIndexOf(':')
    const slash = target.lastIndexOf('/')
    const [repo, tag] =
      colon > slash ? [target.slice(0, colon), target.slice(colon + 1)] : [target, 'latest']
    const query = `repo=${encodeURIComponent(repo)}&tag=${encodeURIComponent(tag)}`
    const answer = await apiRequest(engine.api, 'POST', `/images/${refPath(source)}/tag?${query}`)
    return answer.status === 201 || answer.status === 200 ? undefined : apiMessage(answer)
  }
  const run = await runDocker(engine.docker, ['image', 'tag', source, target], { env: engine.env })
  return run.exitCode === 0 ? undefined : cliMessage(run)
}

/**
 * `docker image tag SOURCE TAG` ({@link addTag}), then the tagged image's full ID.
 *
 * @throws Error naming both references when the engine refuses the tag or the image is missing.
 */
export async function tagImage(engine: Engine, source: string, tag: string): Promise<string> {
  const failure = await addTag(engine, source, tag)
  if (failure !== undefined) {
    throw new Error(`docker image tag ${source} ${tag} failed: ${failure}`)
  }
  return (await inspectImage(engine, tag)).id
}

/**
 * The engine's ID for the image a build just wrote to `--iidfile`, as `docker image inspect` and
 * `docker save` accept it.
 *
 * On the classic store the file holds the image ID (config digest), returned without a look-up
 * (one docker call less per build; a wrong ID fails the measurement's inspect, naming it). On the
 * containerd image store, or when the store was not probed, it holds what BuildKit's exporter
 * returned: the manifest or index digest (the store's `.Id`),
 * or the config digest (buildx `--load` through the docker driver, seen on Docker 26.1 with
 * buildx 0.13), which the engine does not look up. Then the build's tag names the image: the
 * build just set it, and the action's tags are unique per run. (Measurement reports the config
 * digest as the image ID on every store: it reads it from `docker save`.)
 *
 * @param iid the `--iidfile` content, `sha256:<64 hex>`.
 * @param tag the tag the build set.
 * @returns `iid` on the classic store or when the engine knows it, else the tag's `.Id`.
 * @throws Error naming both when neither the ID nor the tag is in the engine.
 */
export async function resolveBuiltImage(
  engine: Pick<Engine, 'docker' | 'env' | 'imageStore'>,
  iid: string,
  tag: string
): Promise<string> {
  if (engine.imageStore === 'classic') return iid
  if (await imageExists(engine, iid)) return iid
  if (await imageExists(engine, tag)) return (await inspectImage(engine, tag)).id
  throw new Error(
    `the build wrote the image ID ${iid} to --iidfile, but neither it nor the tag ${tag} is in the engine`
  )
}
