/**
 * One image → one {@link ImageMeasurement}: stream the image once (sizes per layer, compressed
 * size, file entries), map layers to history entries and Dockerfile instructions, analyse waste,
 * and split base from added bytes.
 */
import { attributeLayers } from './dockerfile/attribute.ts'
import { fromChain } from './dockerfile/plan.ts'
import type { Engine } from './engine/detect.ts'
import { inspectImage, imageExists } from './engine/inspect.ts'
import { createdByPerLayer } from './image/history.ts'
import { readImage } from './image/read.ts'
import type { ImageSource } from './image/source.ts'
import type { Log } from './log.ts'
import type {
  BaseSplit,
  BuilderComparison,
  DockerfilePlan,
  ImageMeasurement,
  Layer
} from './model.ts'
import { analyzeWaste } from './waste/analyze.ts'
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
  /** Measure the compressed size (exact from blobs, else a gzip -6 estimate). */
  compress: boolean
  /** Collect file entries and analyse wasted space. */
  waste: boolean
  log: Log
}

/**
 * Measures one image.
 *
 * Uncompressed size: for a daemon image, the engine's own `docker image inspect .Size`; the sum
 * of the per-layer sizes read from the layer tars is checked against it and a difference is
 * logged as a warning. For archives and OCI layouts (no engine), the sum of the layer sizes
 * computed the way the engine computes them (moby `directory.Size`: Σ st_size of non-directory
 * entries, each inode once).
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
  const inspected =
    source.transport === 'docker-daemon' && engine
      ? await inspectImage(engine, source.ref)
      : undefined
  // `docker save` refuses an image without layers (FROM scratch + metadata only): nothing to read.
  if (inspected && inspected.diffIds.length === 0) {
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
      base: await splitBase([], inspected.size, opts)
    }
  }
  const read = await log.group(`Measure ${ref}`, () =>
    readImage(source, {
      compress: opts.compress,
      collectEntries: opts.waste,
      docker: engine?.docker
    })
  )

  const history = read.config.history ?? []
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
  if (inspected) {
    size = inspected.size
    if (size !== layerSum) {
      log.warning(
        `${ref}: the engine reports ${formatBytesExact(size)}, its layer tars add up to ${formatBytesExact(layerSum)}; the engine's figure is reported.`
      )
    }
  }

  const base = await splitBase(layers, size, opts)
  return {
    ref,
    id: read.id,
    stage,
    platform: read.platform,
    size,
    compressed: read.compressed,
    layers,
    waste: read.entries ? analyzeWaste(read.entries) : undefined,
    base
  }
}

/**
 * Splits the layers shared with the final stage's external base image (by diff ID, as a prefix of
 * the rootfs) from the ones the Dockerfile adds, marking shared layers `base: true`.
 * `FROM scratch` → base 0. Undefined when there is no plan or the base image is not in the engine.
 */
async function splitBase(
  layers: Layer[],
  size: number,
  opts: MeasureOptions
): Promise<BaseSplit | undefined> {
  const { plan, stage, engine } = opts
  if (!plan || stage === undefined) return undefined
  const root = rootBase(plan, stage)
  if (root === 'scratch') return { image: 'scratch', size: 0, layerCount: 0, addedSize: size }
  if (!engine || !(await imageExists(engine, root))) return undefined
  const baseDiffIds = (await inspectImage(engine, root)).diffIds
  let shared = 0
  for (const layer of layers) {
    if (layer.diffId !== baseDiffIds[shared]) break
    layer.base = true
    shared++
  }
  const baseSize = layers.slice(0, shared).reduce((sum, layer) => sum + layer.size, 0)
  return { image: root, size: baseSize, layerCount: shared, addedSize: size - baseSize }
}

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
      return source.ref
    case 'docker-archive':
    case 'oci-archive':
      return `${source.transport}:${source.path}`
    case 'oci':
      return `oci:${source.dir}${source.tag ? `:${source.tag}` : ''}`
  }
}
