/**
 * One image → one {@link ImageMeasurement}: stream the image once (sizes per layer, compressed
 * size, file entries), map layers to history entries and Dockerfile instructions, analyse waste,
 * and split base from added bytes.
 */
import { attributeLayers } from './dockerfile/attribute.ts'
import { fromChain } from './dockerfile/plan.ts'
import type { Engine } from './engine/detect.ts'
import { inspectImage, imageExists, type ImageInspect } from './engine/inspect.ts'
import { engineHistoryLayers } from './engine/history.ts'
import { createdByPerLayer, type HistoryEntry } from './image/history.ts'
import { readImageEstimating } from './image/estimate-cache.ts'
import { fetchRegistryConfig } from './image/registry-client.ts'
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
 * counts them (moby `directory.Size`: Σ st_size of non-directory entries, each inode once). For
 * a daemon image on the classic store that is the engine's own `docker image inspect .Size`,
 * which is reported (the sum read from the layer tars is checked against it and a difference is
 * logged as a warning). On the containerd image store `.Size` means something else (Docker 26.1:
 * the image's content blobs), so the layers' sum is reported and the engine's figure is kept
 * beside it as `engineSize`. For archives, OCI layouts and registries, the layers' sum.
 *
 * A daemon image measured with neither `compress` nor `waste` (the builder, unless `compressed:
 * all`) on the classic store is not streamed: its layer sizes and history come from `docker image
 * history` (`src/engine/history.ts`), unless that cannot tell its layers apart. (On the containerd
 * store those sizes are disk usage in blocks, so the layers are read.)
 *
 * @throws Error when the image cannot be read (not found, truncated, bad blob), or when the
 *   config's history does not match its layers.
 */
export async function measureImage(
  source: ImageSource,
  opts: MeasureOptions
): Promise<ImageMeasurement> {
  const { engine, plan, stage, log } = opts
  const ref = opts.ref ?? sourceRef(source)
  // The base image's diff IDs are looked up in the engine beside the image's own inspect and read.
  const baseInEngine = engineBaseDiffIds(opts)
  const inspected =
    source.transport === 'docker-daemon' && engine
      ? await inspectImage(engine, source.ref)
      : undefined
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
  // Neither entries nor a compressed size wanted (the builder, unless `compressed: all`): the
  // layer table comes from the engine's metadata, no layer is streamed. Not on the containerd
  // store, whose history sizes are disk usage in blocks.
  const fromEngine =
    inspected &&
    engine?.imageStore === 'classic' &&
    source.transport === 'docker-daemon' &&
    !opts.compress &&
    !opts.waste
      ? await engineLayers(engine, source.ref, inspected, log)
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
          docker: engine?.docker
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
    compressedSize: layer.compressedSize,
    createdBy: createdBy[index] ?? '',
    instruction: instructions[index]
  }))

  const layerSum = layers.reduce((sum, layer) => sum + layer.size, 0)
  let size = layerSum
  let engineSize: number | undefined
  if (inspected && containerdStore) {
    engineSize = inspected.size
    log.info(
      `${ref}: uncompressed ${formatBytesExact(layerSum)} (its layers unpacked); the containerd image store's own figure (inspect .Size) is ${formatBytesExact(engineSize)}, reported as engineSize.`
    )
  } else if (inspected) {
    size = inspected.size
    if (size !== layerSum) {
      log.warning(
        `${ref}: the engine reports ${formatBytesExact(size)}, its layer tars add up to ${formatBytesExact(layerSum)}; the engine's figure is reported.`
      )
    }
  }

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
    compressed: read.compressed,
    layers,
    waste: read.entries ? analyzeWaste(read.entries) : undefined,
    ...(index ? { fileTree: imageFileTree(index) } : {}),
    base
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
  log: Log
): Promise<LayersRead | undefined> {
  const found = await engineHistoryLayers(engine, ref, inspected.diffIds.length, log)
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
      log.debug(
        `Base image ${root} is not in the engine and its registry config could not be read, so there is no base/added split: ${(error as Error).message}`
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
