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

/**
 * A number as a plain decimal, never in exponent form (`String(5.653e-8)` is `5.653e-8`; this
 * gives `0.00000005653`), rounded to `significantDigits` significant digits or to
 * `fractionDigits` decimals, whichever keeps more precision: (1234.5678, 4, 2) → `1234.57`,
 * (0.0133812, 4) → `0.01338`, (12345.6, 4) → `12346` (integer digits are never rounded away).
 * No thousands separators; trailing zeros dropped; `-0` prints `0`. NaN and ±Infinity print as
 * `String` prints them.
 *
 * @param significantDigits 1 to 21.
 * @param fractionDigits 0 to 100 (default 0).
 */
export function plainDecimal(value: number, significantDigits: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return String(value)
  return new Intl.NumberFormat('en-US', {
    maximumSignificantDigits: significantDigits,
    maximumFractionDigits: fractionDigits,
    roundingPriority: 'morePrecision',
    useGrouping: false
  }).format(value === 0 ? 0 : value)
}

/**
 * Formats a fraction as a percentage with 3 significant digits, as a plain decimal:
 * 0.013381 → `1.34%`, 5.653e-8 → `0.00000565%`.
 */
export function formatPercent(fraction: number): string {
  return `${plainDecimal(fraction * 100, 3)}%`
}

/**
 * A difference of two fractions in percentage points, 3 significant digits: 0.1 → `10 percentage
 * points` (90% − 80%); 0.01 → `1 percentage point`.
 */
export function formatPercentagePoints(fraction: number): string {
  const points = plainDecimal(fraction * 100, 3)
  return `${points} ${points === '1' || points === '-1' ? 'percentage point' : 'percentage points'}`
}

/**
 * A ratio as the `ratio` output writes it: a plain decimal with 4 significant digits, never in
 * exponent form: 0.0133812 → `0.01338`; a 26-byte image over a 460 MB builder → `0.00000005653`.
 */
export function ratioOutput(ratio: number): string {
  return plainDecimal(ratio, 4)
}

/** The `efficiency` output: a plain decimal with 10 significant digits, e.g. `0.9876543211`. */
export function efficiencyOutput(efficiency: number): string {
  return plainDecimal(efficiency, 10)
}

/**
 * A percentage output (`size-change-percent`): a plain decimal to 2 decimals or 4 significant
 * digits, whichever is more precise: 98.2345 → `98.23`, 26 bytes of 460 MB → `0.000005652`.
 */
export function percentOutput(percent: number): string {
  return plainDecimal(percent, 4, 2)
}
