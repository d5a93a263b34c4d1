/** Which layer to blame for a size budget. Pure. */
import type { ImageMeasurement, Layer } from '../model.ts'

/**
 * The layer the Dockerfile adds (not part of the base image) with the most bytes, preferring
 * layers attributed to an instruction; undefined when the image has no added layer.
 */
export function largestAddedLayer(image: ImageMeasurement): Layer | undefined {
  const added = image.layers.filter(layer => !layer.base && layer.size > 0)
  const attributed = added.filter(layer => layer.instruction)
  const pool = attributed.length > 0 ? attributed : added
  return pool.reduce<Layer | undefined>(
    (best, layer) => (!best || layer.size > best.size ? layer : best),
    undefined
  )
}
