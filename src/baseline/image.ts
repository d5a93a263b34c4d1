/**
 * `baseline-image`: measure an earlier image exactly like the final one. A reference missing from
 * the local engine is pulled; an image that came from a registry gets exact compressed sizes from
 * the registry manifest of the platform being measured.
 */
import type { Engine } from '../engine/detect.ts'
import { cliMessage, runDocker } from '../engine/docker-cli.ts'
import { imageExists, inspectImage } from '../engine/inspect.ts'
import { parseImageSource } from '../image/source.ts'
import type { Log } from '../log.ts'
import { measureImage } from '../measure.ts'
import type { ImageMeasurement } from '../model.ts'
import type { FileIndex } from '../analyze/file-index.ts'
import {
  fetchRegistryManifest,
  type RegistryDescriptor,
  type RegistryManifest
} from './registry.ts'

/** The input this module serves, quoted in errors. */
const INPUT = 'baseline-image'

/** What {@link measureBaselineImage} needs. */
export interface BaselineImageContext {
  /** The engine (`detectEngine`), used to look up, pull and read the image. */
  engine: Engine
  /**
   * The platform being measured, `os/architecture[/variant]`: pass the final image's
   * `ImageMeasurement.platform`. Pulls ask for it and an index resolves to it.
   */
  platform: string
  /**
   * Measure a compressed size when the registry gives none (a local image, an archive, a registry
   * that cannot be read): the gzip estimate of `measureImage`. Pass `inputs.compressed !== 'none'`.
   */
  compress: boolean
  /** Run the waste analysis on the baseline too (default false: the report shows the final's). */
  waste?: boolean
  /** With `waste`: receives the baseline's file index (the file diff compares with it). */
  onFileIndex?: (index: FileIndex) => void
  /** Registry hosts reached over HTTP besides loopback ones (see `fetchRegistryManifest`). */
  insecureHosts?: string[]
  log: Log
}

/**
 * Measures the `baseline-image` reference.
 *
 * - A transport reference (`docker-archive:`, `oci-archive:`, `oci:`, `docker-daemon:`) is
 *   measured as it is, like the `image` input.
 * - A reference in the local engine is measured there; no pull, no registry (compressed size as
 *   for the final image: an estimate, or exact where blobs are compressed).
 * - Otherwise `docker pull --platform PLATFORM REF` (the engine's credentials apply), then the
 *   registry manifest for the platform is read anonymously. When it describes the pulled image
 *   (its config digest, manifest digest or index digest is the image ID, and the layer counts
 *   agree) the measurement gets `compressed = { size: Σ layer descriptor sizes, exact: true }`
 *   (config blob excluded, see `src/model.ts`) and each layer its descriptor's size, in rootfs
 *   order; else a warning says why and the estimate (if `compress`) stands.
 *
 * @throws Error naming baseline-image and the reference when it is malformed, when the pull fails
 *   (with the engine's message), or when the pulled image cannot be read.
 */
export async function measureBaselineImage(
  ref: string,
  ctx: BaselineImageContext
): Promise<ImageMeasurement> {
  const { engine, log } = ctx
  const source = parseImageSource(ref, INPUT)
  const measure = (compress: boolean): Promise<ImageMeasurement> =>
    measureImage(source, {
      engine,
      compress,
      waste: ctx.waste ?? false,
      onFileIndex: ctx.onFileIndex,
      log
    })
  if (source.transport !== 'docker-daemon') return measure(ctx.compress)

  const name = source.ref
  if (await imageExists(engine, name)) return measure(ctx.compress)

  await pullImage(engine, name, ctx.platform, log)
  let manifest: RegistryManifest | undefined
  try {
    manifest = await fetchRegistryManifest(name, {
      platform: ctx.platform,
      insecureHosts: ctx.insecureHosts
    })
  } catch (error) {
    log.warning(
      `${INPUT} ${name}: the registry manifest could not be read, so its compressed size is ${ctx.compress ? 'estimated' : 'not measured'}: ${(error as Error).message}`
    )
  }
  if (manifest) {
    const inspect = await inspectImage(engine, name)
    const ids = [manifest.config.digest, manifest.digest, manifest.indexDigest]
    if (!ids.includes(inspect.id) || manifest.layers.length !== inspect.diffIds.length) {
      log.warning(
        `${INPUT} ${name}: the registry's manifest (${manifest.digest}, ${manifest.layers.length} layers) does not describe the pulled image (${inspect.id}, ${inspect.diffIds.length} layers; the tag may have moved), so its compressed size is ${ctx.compress ? 'estimated' : 'not measured'}.`
      )
      manifest = undefined
    }
  }
  // The estimate is measured even beside the registry's exact sizes: it is what compares with a
  // final image whose compressed size is itself an estimate.
  const measured = await measure(ctx.compress)
  return manifest ? withRegistrySizes(measured, manifest) : measured
}

/**
 * The measurement with compressed sizes from a registry manifest: `layers[k].compressedSize` =
 * `manifest.layers[k].size`; `compressed` = their sum, exact, keeping the measured estimate
 * as `compressed.estimate` when there was one. Pure.
 *
 * @throws Error when the layer counts differ (the manifest is not this image's).
 */
export function withRegistrySizes(
  measured: ImageMeasurement,
  manifest: RegistryManifest
): ImageMeasurement {
  if (measured.layers.length !== manifest.layers.length) {
    throw new Error(
      `${measured.ref}: the registry manifest lists ${manifest.layers.length} layers, the image has ${measured.layers.length}`
    )
  }
  const layers = measured.layers.map((layer, k) => ({
    ...layer,
    compressedSize: (manifest.layers[k] as RegistryDescriptor).size
  }))
  const size = manifest.layers.reduce((sum, layer) => sum + layer.size, 0)
  const estimate =
    measured.compressed && !measured.compressed.exact ? measured.compressed.size : undefined
  return {
    ...measured,
    layers,
    compressed: estimate === undefined ? { size, exact: true } : { size, exact: true, estimate }
  }
}

/**
 * `docker pull --platform PLATFORM -- REF`, its progress logged in a group.
 * @throws Error naming baseline-image and the reference with the engine's message on failure.
 */
async function pullImage(engine: Engine, ref: string, platform: string, log: Log): Promise<void> {
  const args = ['pull', '--platform', platform, '--', ref]
  const run = await log.group(`Pull ${INPUT} ${ref} (${platform})`, () =>
    runDocker(engine.docker, args, { env: engine.env, onLine: line => log.info(line) })
  )
  if (run.exitCode !== 0) {
    throw new Error(
      `Input ${INPUT}: "${ref}" is not in the local engine and docker pull failed: ${cliMessage(run).split('\n').slice(-5).join('\n')}`
    )
  }
}
