/**
 * Build-argument values never leave the run: they may be secrets (tokens passed as `build-args`),
 * and the JSON report is uploaded as an artifact where no log masking applies. The engines copy
 * the build arguments a `RUN` uses into the image history (`|1 TOKEN=abc /bin/sh -c make`, with
 * BuildKit `RUN |1 TOKEN=abc …`), and an `ENV TOKEN=$TOKEN` shows the value too; this module
 * writes each `KEY=VALUE` there as `KEY=***`. The report keeps the keys (`build.buildArgNames`).
 * Pure.
 */
import type { ImageMeasurement } from '../model.ts'

/** What replaces a value. */
export const REDACTED = '***'

/**
 * `text` with every `KEY=VALUE` pair of `buildArgs` written `KEY=***`: a pair that starts the
 * text or follows whitespace (or `|`), and ends the text or is followed by whitespace. Empty
 * values have nothing to hide and stay.
 */
export function redactBuildArgs(text: string, buildArgs: Record<string, string>): string {
  let out = text
  for (const [key, value] of Object.entries(buildArgs)) {
    if (value === '') continue
    const pair = new RegExp(`(^|[\\s|])${escapeRegExp(`${key}=${value}`)}(?=\\s|$)`, 'g')
    out = out.replace(pair, (_match, before: string) => `${before}${key}=${REDACTED}`)
  }
  return out
}

/** `image` with the history (`createdBy`) of every layer redacted ({@link redactBuildArgs}). */
export function redactMeasurement(
  image: ImageMeasurement,
  buildArgs: Record<string, string>
): ImageMeasurement {
  if (Object.values(buildArgs).every(value => value === '')) return image
  return {
    ...image,
    layers: image.layers.map(layer => ({
      ...layer,
      createdBy: redactBuildArgs(layer.createdBy, buildArgs)
    }))
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}
