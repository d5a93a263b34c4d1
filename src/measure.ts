/**
 * One image → one {@link ImageMeasurement}: stream the image once (sizes per layer, compressed
 * size, file entries), map layers to history entries and Dockerfile instructions, analyse waste,
 * and split base from added bytes.
 */
import { attributeLayers } from './dockerfile/attribute.ts'
import { fromChain } from './dockerfile/plan.ts'
import type { Engine } from './engine/detect.ts'
import { inspectImage, inspectImages, imageExists, type ImageInspect } from './engine/inspect.ts'
import { engineHistory, engineHistoryLayers, type EngineHistoryEntry } from './engine/history.ts'
import { createdByPerLayer, type HistoryEntry } from './image/history.ts'
import { readImageEstimating } from './image/estimate-cache.ts'
import { fetchRegistryConfig } from './image/registry-client.ts'
import { formatPlatform, parsePlatform, platformMatches } from './image/platform.ts'
import type { ImageSource } from './image/source.ts'
import type { Log } from './log.ts'
import type {
  BaseSplit,
  BuilderComparison,
  CompressedSize,
  DockerfilePlan,
  ImageMeasurement,
  Layer,
  LayerEntry
} from './model.ts'
import { analyzeWaste } from './waste/analyze.ts'
import { imageFileTree } from './analyze/analysis.ts'
import { indexFromEntries } from './analyze/file-index.ts'
import type { FileIndex } from './analyze/file-index.ts'
import { formatBytesExact } from './units.ts'

export interface MeasureOptions {
  /** How reports name the image (default: the source's reference), e.g. the tag of an image measured by ID. */
  ref?: string
  /** The engine, required for `docker-daemon` sources. */
  engine?: Engine
  /** The Dockerfile plan, to attribute layers to instructions. */
  plan?: DockerfilePlan
  /** The stage the image was built from (attribution follows its FROM chain). */
  stage?: string
  /** Measure the compressed size (exact from blobs, else an estimate of what `docker push` stores). */
  compress: boolean
  /**
   * The platform to measure, `os/arch[/variant]`: of a multi-platform OCI layout or registry
   * index, that platform's manifest; an image of another platform is an error. Undefined: the
   * image as it is (an index: the runner's platform).
   */
  platform?: string
  /** Collect file entries and analyse wasted space (and the file index, `fileTree`). */
  waste: boolean
  /**
   * With `waste`: receives the image's full file index (src/analyze/file-index.ts), which the
   * file diff and the findings need and which is too large for the measurement itself.
   */
  onFileIndex?: (index: FileIndex) => void
  log: Log
}

/**
 * Measures one image.
 *
 * Uncompressed size: the sum of the layers' unpacked sizes, counted the way the classic store
 * counts a directory (moby `directory.Size`: Σ st_size of non-directory entries, each inode once,
 * a symlink the length of its target), on every store and every source. For a daemon image the
 * engine's `docker image inspect .Size` is kept beside it as `engineSize` whenever it differs:
 * always on the containerd image store (Docker 26.1: the image's content blobs); on the classic
 * store for an image with symlinks in a layer the engine applied from a tar onto a parent layer,
 * whose size it takes from the tar's entries, where a symlink carries no bytes (seen on Docker
 * 20.10 for BuildKit-built layers and for `docker load`: 13 bytes less for two symlinks; the same
 * layer committed by the classic builder, measured on disk, counts them).
 *
 * A daemon image measured with neither `compress` nor `waste` (the builder, unless `compressed:
 * all`) on the classic store is not streamed: its layer sizes and history come from `docker image
 * history` (`src/engine/history.ts`), unless that cannot tell its layers apart. (On the containerd
 * store those sizes are disk usage in blocks, so the layers are read.) Those sizes are the
 * engine's: for a layer applied from a tar they leave out symlinks' target lengths, as above.
 *
 * @throws Error when the image cannot be read (not found, truncated, bad blob), when the
 *   config's history does not match its layers, or when `opts.platform` is set and the image is
 *   of another platform (an index without it: naming the platforms it has).
 */
export async function measureImage(
  source: ImageSource,
  opts: MeasureOptions
): Promise<ImageMeasurement> {
  const { engine, plan, stage, log } = opts
  const ref = opts.ref ?? sourceRef(source)
  // A daemon image and the root base of its stage are inspected in one docker call (the base's
  // diff IDs split base from added layers); without a daemon image the base is looked up alone.
  const daemonRef = source.transport === 'docker-daemon' && engine ? source.ref : undefined
  const root = engine && plan && stage !== undefined ? rootBase(plan, stage) : 'scratch'
  const both =
    engine && daemonRef !== undefined && root !== 'scratch'
      ? inspectImages(engine, [daemonRef, root])
      : undefined
  const baseInEngine = both ? both.then(([, base]) => base?.diffIds) : engineBaseDiffIds(opts)
  // Awaited later by splitBase; a failure before then must not count as unhandled.
  baseInEngine?.catch(() => undefined)
  // Neither entries nor a compressed size wanted (the builder, unless `compressed: all`): the
  // layer table comes from the engine's metadata, no layer is streamed. Not on the containerd
  // store, whose history sizes are disk usage in blocks. The history runs beside the inspect.
  const engineEntries =
    engine?.imageStore === 'classic' &&
    source.transport === 'docker-daemon' &&
    !opts.compress &&
    !opts.waste
      ? engineHistory(engine, source.ref, log)
      : undefined
  // Awaited below unless the inspect fails first; that must not count as unhandled.
  engineEntries?.catch(() => undefined)
  const inspected =
    engine && daemonRef !== undefined
      ? ((both && (await both)[0]) ?? (await inspectImage(engine, daemonRef)))
      : undefined
  if (inspected && opts.platform !== undefined) checkPlatform(ref, inspected, opts.platform)
  const containerdStore = engine?.imageStore === 'containerd'
  // `docker save` refuses an image without layers (FROM scratch + metadata only): nothing to read.
  // The containerd store saves it, and its `.Id` is not the config digest: read it there.
  if (inspected && inspected.diffIds.length === 0 && !containerdStore) {
    return {
      ref,
      id: inspected.id,
      stage,
      platform: inspected.platform,
      size: inspected.size,
      compressed: opts.compress ? { size: 0, exact: true } : undefined,
      layers: [],
      waste: opts.waste
        ? { efficiency: 1, removableBytes: 0, topPaths: [], largestFiles: [] }
        : undefined,
      base: await splitBase([], inspected.size, inspected.platform, opts, baseInEngine)
    }
  }
  const fromEngine =
    inspected && engine && engineEntries && source.transport === 'docker-daemon'
      ? await engineLayers(engine, source.ref, inspected, log, engineEntries)
      : undefined
  const read: LayersRead =
    fromEngine ??
    (await log.group(`Measure ${ref}`, async () => {
      // Estimates come from the on-disk cache when every layer has one (src/image/estimate-cache.ts);
      // a classic store's layers are uncompressed tars whose diff IDs inspect already gave.
      const image = await readImageEstimating(
        source,
        {
          compress: opts.compress,
          collectEntries: opts.waste ? 'details' : false,
          docker: engine?.docker,
          ...(engine?.api ? { api: engine.api } : {}),
          ...(opts.platform !== undefined ? { platform: opts.platform } : {})
        },
        { diffIds: containerdStore ? undefined : inspected?.diffIds, log }
      )
      return { ...image, history: image.config.history ?? [] }
    }))

  const history = read.history
  const diffIds = read.layers.map(layer => layer.diffId)
  const createdBy = createdByPerLayer(history, diffIds)
  const instructions =
    plan && stage !== undefined ? attributeLayers(plan, history, diffIds, stage) : []
  const layers: Layer[] = read.layers.map((layer, index) => ({
    index,
    diffId: layer.diffId,
    size: layer.size,
    compressedSize: opts.compress ? layer.compressedSize : undefined,
    createdBy: createdBy[index] ?? '',
    instruction: instructions[index]
  }))

  // One meaning on every store: the layers' sum. The engine's own figure, when it differs, is
  // kept beside it as engineSize (see the docstring for why it differs).
  const size = layers.reduce((sum, layer) => sum + layer.size, 0)
  const engineSize = inspected && engineSizeOf(ref, size, inspected.size, engine, log)

  const base = await splitBase(layers, size, read.platform, opts, baseInEngine)
  const index = read.entries ? indexFromEntries(read.entries) : undefined
  if (index) opts.onFileIndex?.(index)
  return {
    ref,
    id: read.id,
    stage,
    platform: read.platform,
    size,
    ...(engineSize !== undefined ? { engineSize } : {}),
    // Only when asked for: a store holding compressed blobs (containerd) gives them for free,
    // but the same inputs report the same fields on every store.
    compressed: opts.compress ? read.compressed : undefined,
    layers,
    waste: read.entries ? analyzeWaste(read.entries) : undefined,
    ...(index ? { fileTree: imageFileTree(index) } : {}),
    base
  }
}

/**
 * Refuses a daemon image whose platform (`docker image inspect`) is not `platform`, before any
 * layer is read (the engine-metadata paths read none).
 * @throws Error naming the image and both platforms.
 */
function checkPlatform(ref: string, inspected: ImageInspect, platform: string): void {
  const want = parsePlatform(platform)
  const have = parsePlatform(inspected.platform, `${ref} platform`)
  if (!platformMatches(want, have)) {
    throw new Error(
      `${ref}: the image is ${inspected.platform}, not ${formatPlatform(want)} (the platform asked for)`
    )
  }
}

/** What {@link measureImage} takes from a read of the image, or from the engine's metadata. */
interface LayersRead {
  id: string
  platform: string
  history: HistoryEntry[]
  layers: { diffId: string; size: number; compressedSize?: number }[]
  compressed?: CompressedSize
  entries?: LayerEntry[][]
}

/**
 * The layer table from `docker image inspect` and `docker image history` (see
 * `src/engine/history.ts`); undefined when the history does not tell the layers apart.
 */
async function engineLayers(
  engine: Engine,
  ref: string,
  inspected: ImageInspect,
  log: Log,
  history: Promise<EngineHistoryEntry[] | undefined>
): Promise<LayersRead | undefined> {
  const found = await engineHistoryLayers(engine, ref, inspected.diffIds.length, log, history)
  if (!found) return undefined
  return {
    id: inspected.id,
    platform: inspected.platform,
    history: found.history,
    layers: inspected.diffIds.map((diffId, k) => ({ diffId, size: found.sizes[k] ?? 0 }))
  }
}

/**
 * Splits the layers shared with the final stage's external base image (by diff ID, as a prefix of
 * the rootfs) from the ones the Dockerfile adds, marking shared layers `base: true`. The base is
 * named by the Dockerfile (the root of the stage's FROM chain); its diff IDs come from the engine
 * when it holds the base as a tagged image, else from the base's config in its registry for
 * `platform` (a BuildKit build pulls its base into its own cache, never tagging it in the engine;
 * a builder with a driver of its own never puts it there). `FROM scratch` → base 0. Undefined
 * when there is no plan, or the base's diff IDs cannot be had (logged at debug level).
 */
async function splitBase(
  layers: Layer[],
  size: number,
  platform: string,
  opts: MeasureOptions,
  inEngine: Promise<string[] | undefined> | undefined = engineBaseDiffIds(opts)
): Promise<BaseSplit | undefined> {
  const { plan, stage, log } = opts
  if (!plan || stage === undefined) return undefined
  const root = rootBase(plan, stage)
  if (root === 'scratch') return { image: 'scratch', size: 0, layerCount: 0, addedSize: size }
  let baseDiffIds: string[]
  const fromEngine = await inEngine
  if (fromEngine) {
    baseDiffIds = fromEngine
  } else {
    try {
      const config = await fetchRegistryConfig(root, {
        platform,
        timeoutMs: BASE_LOOKUP_TIMEOUT_MS
      })
      baseDiffIds = config.rootfs.diff_ids
    } catch (error) {
      // A warning for the final image (whose split the report shows), debug for the others.
      const say = opts.waste ? log.warning.bind(log) : log.debug.bind(log)
      say(
        `Base image ${root} is not in the engine and its registry config could not be read, so there is no base/added split: ${(error as Error).message}. Pull or load it into the engine (or make its registry reachable) to get the split.`
      )
      return undefined
    }
  }
  let shared = 0
  for (const layer of layers) {
    if (layer.diffId !== baseDiffIds[shared]) break
    layer.base = true
    shared++
  }
  const baseSize = layers.slice(0, shared).reduce((sum, layer) => sum + layer.size, 0)
  return { image: root, size: baseSize, layerCount: shared, addedSize: size - baseSize }
}

/**
 * The engine's own size of an image (`docker image inspect .Size`) when it is to be reported
 * beside ours as `engineSize`: always on the containerd image store, on the classic store when it
 * differs from the layers' sum (`size`); logged with why. Undefined otherwise.
 */
export function engineSizeOf(
  ref: string,
  size: number,
  inspectSize: number,
  engine: Pick<Engine, 'imageStore'> | undefined,
  log: Log
): number | undefined {
  const containerdStore = engine?.imageStore === 'containerd'
  if (!containerdStore && inspectSize === size) return undefined
  const why = containerdStore
    ? "the containerd image store's own figure"
    : "the engine's figure, which leaves out symlinks in layers it applied from a tar (BuildKit, docker load)"
  log.info(
    `${ref}: uncompressed ${formatBytesExact(size)} (its layers unpacked); ${why} (inspect .Size) is ${formatBytesExact(inspectSize)}, reported as engineSize.`
  )
  return inspectSize
}

/**
 * The diff IDs of the root base image of `opts.stage`'s FROM chain when the engine holds it as
 * an image (undefined when it does not, or there is no engine, plan, stage or base). Started
 * early, it runs beside the image's read; it rejects (when awaited) if the engine fails.
 */
function engineBaseDiffIds(opts: MeasureOptions): Promise<string[] | undefined> | undefined {
  const { plan, stage, engine } = opts
  if (!engine || !plan || stage === undefined) return undefined
  const root = rootBase(plan, stage)
  if (root === 'scratch') return undefined
  // One `docker image inspect` when the base is there (the usual case); only a failed one asks
  // whether it is missing (undefined) or the engine failed (thrown).
  const lookup = (async () => {
    try {
      return (await inspectImage(engine, root)).diffIds
    } catch (error) {
      if (!(await imageExists(engine, root))) return undefined
      throw error
    }
  })()
  // Awaited later by splitBase; a failure before then must not count as unhandled.
  lookup.catch(() => undefined)
  return lookup
}

/** A base image's registry lookup is optional: it gives up sooner than a measurement's. */
const BASE_LOOKUP_TIMEOUT_MS = 10_000

/** The external image at the root of `stage`'s FROM chain, or `'scratch'`. */
export function rootBase(plan: DockerfilePlan, stage: string): string {
  const root = fromChain(plan, stage)[0]?.base
  return root?.kind === 'image' ? root.image : 'scratch'
}

/**
 * Final vs builder: bytes saved (builder − final), ratio (final / builder), percent saved.
 * @throws never; a builder of size 0 gives ratio `Infinity`-free 0.
 */
export function compareWithBuilder(
  final: ImageMeasurement,
  builder: ImageMeasurement
): BuilderComparison {
  const ratio = builder.size === 0 ? 0 : final.size / builder.size
  return { saved: builder.size - final.size, ratio, percentSaved: (1 - ratio) * 100 }
}

/** How a source reads in reports: the plain reference for daemon images, else `transport:path`. */
export function sourceRef(source: ImageSource): string {
  switch (source.transport) {
    case 'docker-daemon':
    case 'docker':
      return source.ref
    case 'docker-archive':
    case 'oci-archive':
      return `${source.transport}:${source.path}`
    case 'oci':
      return `oci:${source.dir}${source.tag ? `:${source.tag}` : ''}`
  }
}
