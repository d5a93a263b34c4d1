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

/**
 * `text` with every occurrence of a build-argument value of at least `minLength` characters
 * written `***`, wherever it stands: a failing build's log tail can show a value anywhere (BuildKit
 * substitutes build arguments into the step names it prints; a `RUN` may echo one). Shorter
 * values (`1`, `on`, `1.22`) are left alone: masking them would garble the text and they are not
 * the kind of value that is secret.
 */
export function maskBuildArgValues(
  text: string,
  buildArgs: Record<string, string>,
  minLength = MASK_MIN_LENGTH
): string {
  let out = text
  for (const value of Object.values(buildArgs)) {
    if (value.length >= minLength) out = out.split(value).join(REDACTED)
  }
  return out
}

/** The shortest build-argument value {@link maskBuildArgValues} masks. */
export const MASK_MIN_LENGTH = 4

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
