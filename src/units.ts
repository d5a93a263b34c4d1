/**
 * Sizes and ratios at the edges: parsing what users write in inputs, formatting what people read.
 * Inside the action every size is an integer number of bytes.
 *
 * Units: `B`, `kB`/`KB`, `MB`, `GB` are powers of 1000 (as `docker image ls` prints them);
 * `KiB`, `MiB`, `GiB` are powers of 1024. Unit case is ignored; a space before it is optional.
 */

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3
}

/** The accepted size forms, for error messages. */
export const SIZE_FORMS =
  'a byte count (31457280) or a number with a unit: B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. 30MB, 1.5 GiB'

/** The accepted ratio forms, for error messages. */
export const RATIO_FORMS =
  'a fraction above 0 and at most 1 (0.05) or a percentage above 0% and at most 100% (5%)'

const SIZE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i

/**
 * Parses a size input into bytes.
 *
 * @param value what the user wrote, e.g. `31457280`, `30MB`, `1.5 GiB`, `512 kb`.
 * @param inputName the input's name, quoted in errors.
 * @returns an integer number of bytes ≥ 0 (fractions of a byte round to the nearest byte).
 * @throws Error naming `inputName` and {@link SIZE_FORMS} for anything else: negative numbers,
 *   exponents (`1e3`), unknown units (`30 XB`), a unit without a number (`MB`), fractional bytes
 *   without a unit (`1.5`).
 */
export function parseSize(value: string, inputName: string): number {
  const text = value.trim()
  const match = SIZE_PATTERN.exec(text)
  const unit = match?.[2]?.toLowerCase() ?? ''
  const multiplier = unit === '' ? 1 : UNITS[unit]
  const amount = match ? Number(match[1]) : NaN
  if (!match || multiplier === undefined || (unit === '' && !Number.isInteger(amount))) {
    throw new Error(`Input ${inputName}: "${value}" is not a size. Expected ${SIZE_FORMS}.`)
  }
  const bytes = Math.round(amount * multiplier)
  if (!Number.isSafeInteger(bytes)) {
    throw new Error(`Input ${inputName}: "${value}" is too large. Expected ${SIZE_FORMS}.`)
  }
  return bytes
}

/**
 * Parses a ratio input: `0.05` or `5%`.
 *
 * @returns a fraction in (0, 1].
 * @throws Error naming `inputName` and {@link RATIO_FORMS} for `0`, values above 1 or 100%,
 *   negative numbers, exponents and anything that is not a number.
 */
export function parseRatio(value: string, inputName: string): number {
  const text = value.trim()
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text)
  const ratio = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : NaN
  if (!(ratio > 0 && ratio <= 1)) {
    throw new Error(`Input ${inputName}: "${value}" is not a ratio. Expected ${RATIO_FORMS}.`)
  }
  return ratio
}

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']

/**
 * Formats bytes for people with base-1000 units and 3 significant digits, the way the docker CLI
 * does (docker/go-units `size.go` `HumanSizeWithPrecision(size, 3)`), with a space before the
 * unit: `8.13 MB`, `460 MB`, `999 B`. Negative values keep their sign.
 */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : ''
  let value = Math.abs(bytes)
  let unit = 0
  while (unit < DECIMAL_UNITS.length - 1 && Number(value.toPrecision(3)) >= 1000) {
    value /= 1000
    unit++
  }
  return `${sign}${Number(value.toPrecision(3))} ${DECIMAL_UNITS[unit]}`
}

/** Formats bytes exactly with thousands separators: `31,204,112 bytes`. */
export function formatBytesExact(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} ${Math.abs(bytes) === 1 ? 'byte' : 'bytes'}`
}

/** Formats a fraction as a percentage with 3 significant digits: 0.013381 → `1.34%`. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(3))}%`
}

/** A ratio as the `ratio` output writes it: 4 significant digits, e.g. `0.01338`. */
export function ratioOutput(ratio: number): string {
  return String(Number(ratio.toPrecision(4)))
}
