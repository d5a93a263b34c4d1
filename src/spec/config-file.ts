/**
 * The config file (input `config`, default `.github/image-size-budget.yml`; CLI `--config`):
 * `defaults`, then `images`, each with a unique `name` and the action's input names as keys.
 * YAML → schema check (`CONFIG_SCHEMA`, `docs/config.schema.json`) → each image's values through
 * the same parsers as the inputs (`parseInputs`) → a {@link RunSpec}.
 *
 * Paths (`context`, `file`, `baseline-report`) are relative to the working directory (the
 * workspace in the action), like the action's inputs and like `docker buildx bake` contexts — not
 * to the config file's directory (which for the default path is `.github/`). They are kept as
 * written.
 *
 * Merging: an image's value replaces the one in `defaults`; `build-args` and
 * `budgets-per-platform` merge key by key (per platform, per budget), the image's winning.
 */
import { readFile, stat } from 'node:fs/promises'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { parse as parseYaml } from 'yaml'
import { Input } from '../constants.ts'
import { parseInputs, type InputGetter, type Inputs } from '../inputs.ts'
import { BUDGET_FIELDS, CONFIG_SCHEMA, IMAGE_FIELDS } from './config-schema.ts'
import {
  imageSpecFromInputs,
  parsePlatforms,
  type BudgetLimits,
  type BuildSpec,
  type ImageSpec,
  type RunSpec
} from './run-spec.ts'

// Which file to read (no YAML or schema needed): src/spec/config-path.ts.
export { CONFIG_INPUT, DEFAULT_CONFIG_PATH, resolveConfigPath } from './config-path.ts'

/** Config files larger than this are refused before they are parsed. */
export const MAX_CONFIG_BYTES = 1024 * 1024

/** Messages quoted from one invalid file. */
const QUOTED_ERRORS = 10

/** One image's (or `defaults`') values as written: every scalar is its source text. */
export interface ConfigValues {
  [key: string]: string | string[] | Record<string, string> | PlatformBudgetValues | undefined
  'build-args'?: Record<string, string>
  platforms?: string | string[]
  'budgets-per-platform'?: PlatformBudgetValues
}

/** `budgets-per-platform`: platform → budget name → value as written. */
export type PlatformBudgetValues = Record<string, Record<string, string>>

/** A config file that passed the schema. */
export interface ConfigFile {
  /** The path it was read from (or a label), quoted in errors. */
  path: string
  defaults: ConfigValues
  images: (ConfigValues & { name: string })[]
}

/** Image-level input names: with a config file they are set in the file, not as inputs. */
export const IMAGE_INPUTS: readonly string[] = Object.keys(IMAGE_FIELDS).filter(
  key => key !== 'platforms' && key !== 'budgets-per-platform'
)

/**
 * Reads a config file and turns it into a run spec ({@link runSpecFromConfig}).
 *
 * @param get the action's inputs (run-level ones: `compressed`, `min-change`, `fail-on-budget`,
 *   `keep-images`, `mode`); image-level inputs must be empty.
 * @throws Error naming the file when it is missing, larger than {@link MAX_CONFIG_BYTES}, not
 *   YAML, or not the schema's shape; naming the image and field for a bad value.
 */
export async function loadConfigFile(path: string, get: InputGetter): Promise<RunSpec> {
  let text: string
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a regular file')
    if (info.size > MAX_CONFIG_BYTES) {
      throw new Error(`${info.size} bytes, more than the ${MAX_CONFIG_BYTES} bytes allowed`)
    }
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new Error(`Config file ${path}: cannot read it (${(error as Error).message}).`, {
      cause: error
    })
  }
  return runSpecFromConfig(parseConfigText(text, path), get)
}

/**
 * Parses config file text (YAML, every scalar read as its source text so `1.20` stays `1.20`)
 * and checks it against the schema.
 *
 * @param path the file's path or a label, quoted in errors.
 * @throws Error `Config file PATH: …` for YAML errors (with line and column), and for schema
 *   errors one line each naming the image (`images[1] (api)`) and the field, with what the field
 *   expects.
 */
export function parseConfigText(text: string, path: string): ConfigFile {
  let data: unknown
  try {
    data = parseYaml(text, { schema: 'failsafe', prettyErrors: true })
  } catch (error) {
    throw new Error(`Config file ${path}: not valid YAML: ${(error as Error).message}`, {
      cause: error
    })
  }
  // An empty file (or only comments) parses to null: say so rather than "must be object".
  if (data === null || data === undefined || (typeof data === 'string' && data.trim() === '')) {
    throw new Error(
      `Config file ${path}: is empty: expected \`images:\`, a list of images each with a name and its budgets (e.g. \`images: [{ name: app, max-size: 200MB }]\`). The schema: docs/config.schema.json.`
    )
  }
  const validate = validator()
  if (!validate(data)) {
    const lines = schemaMessages(validate.errors ?? [], data)
    const more = lines.length > QUOTED_ERRORS ? `\n(and ${lines.length - QUOTED_ERRORS} more)` : ''
    throw new Error(
      `Config file ${path}:\n${lines.slice(0, QUOTED_ERRORS).join('\n')}${more}\nThe schema: docs/config.schema.json.`
    )
  }
  const file = data as { defaults?: ConfigValues; images: (ConfigValues & { name: string })[] }
  return { path, defaults: file.defaults ?? {}, images: file.images }
}

let compiled: ValidateFunction | undefined

/** The compiled schema (once); collects every error, a config file is small. */
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
    CONFIG_SCHEMA
  )
  return compiled
}

/**
 * Turns a checked config file into a run spec: each image is `defaults` merged with its own
 * values, parsed by `parseInputs` (sizes, ratios, counts, references, baseline sources and their
 * combinations exactly as for inputs), plus its platforms and per-platform budgets.
 *
 * @param get the action's inputs: run-level settings come from it; an image-level input that is
 *   set (other than `context: .`, the action's default) is an error.
 * @throws Error naming the inputs set beside the file; naming the image (`images[1] (api)`) and
 *   the field (`defaults.max-size` when the value came from `defaults`) for a duplicate name or
 *   a value the input's parser refuses.
 */
export function runSpecFromConfig(config: ConfigFile, get: InputGetter): RunSpec {
  const clashing = IMAGE_INPUTS.filter(name => {
    const value = get(name).trim()
    return value !== '' && !(name === Input.context && value === '.')
  })
  if (clashing.length > 0) {
    throw new Error(
      `Input${clashing.length > 1 ? 's' : ''} ${clashing.join(', ')}: a config file (${config.path}) describes the images; set ${clashing.length > 1 ? 'these' : 'this'} in its defaults or images, not as an input.`
    )
  }
  const run = parseInputs(get)
  const seen = new Map<string, number>()
  const images = config.images.map((entry, index) => {
    const where = `images[${index}] (${entry.name})`
    const first = seen.get(entry.name)
    if (first !== undefined) {
      throw new Error(
        `Config file ${config.path}: ${where}.name: "${entry.name}" is already the name of images[${first}]; names must be unique (each is the image's key in the report and comment).`
      )
    }
    seen.set(entry.name, index)
    return configImageSpec(config, entry, where, get)
  })
  return {
    images,
    compressed: run.compressed,
    minChange: run.minChange,
    failOnBudget: run.failOnBudget,
    keepImages: run.keepImages
  }
}

/**
 * One image: `defaults` merged with `entry`, then parsed like inputs. `extra` carries what a
 * bake file resolved (its build fields replace the entry's).
 *
 * @throws Error `Config file PATH: WHERE.FIELD: …` for a value the parsers refuse.
 */
export function configImageSpec(
  config: Pick<ConfigFile, 'path' | 'defaults'>,
  entry: ConfigValues & { name: string },
  where: string,
  get: InputGetter,
  bake?: { build: Omit<BuildSpec, 'bake'>; files: string[] }
): ImageSpec {
  const merged = mergeValues(config.defaults, entry)
  const origin = (field: string): string =>
    entry[field] === undefined && config.defaults[field] !== undefined
      ? `defaults.${field} (used by ${where})`
      : `${where}.${field}`
  const fail = (error: unknown): never => {
    throw new Error(`Config file ${config.path}: ${relabel((error as Error).message, origin)}`, {
      cause: error
    })
  }
  const scalar = (name: string): string => {
    const value = merged[name]
    return typeof value === 'string' ? value : ''
  }
  const bakeFields: Record<string, string> = bake
    ? {
        [Input.context]: bake.build.context,
        [Input.file]: bake.build.file,
        [Input.target]: bake.build.target ?? ''
      }
    : {}
  const getter: InputGetter = name =>
    name in bakeFields
      ? (bakeFields[name] as string)
      : name === Input.buildArgs
        ? ''
        : name in IMAGE_FIELDS
          ? scalar(name)
          : get(name)

  let inputs: Inputs
  let platforms: string[]
  const platformBudgets: Record<string, BudgetLimits> = {}
  try {
    inputs = parseInputs(getter)
    // Build arguments come as a map; their keys were checked by the schema.
    inputs.buildArgs = bake ? { ...bake.build.buildArgs } : { ...merged['build-args'] }
    platforms = bake
      ? bake.build.platforms
      : merged.platforms === undefined
        ? []
        : parsePlatforms(merged.platforms, 'platforms')
  } catch (error) {
    return fail(error)
  }
  for (const [written, values] of Object.entries(merged['budgets-per-platform'] ?? {})) {
    const label = `budgets-per-platform.${written}`
    let platform: string
    try {
      platform = parsePlatforms(written, label)[0] as string
      if (platforms.length > 0 && !platforms.includes(platform)) {
        throw new Error(
          `Input ${label}: ${platform} is not one of the image's platforms (${platforms.join(', ')}).`
        )
      }
      // The same parsers (and checks, e.g. max-increase needs a baseline) as the image's budgets.
      const budgets = parseInputs(name =>
        name in BUDGET_FIELDS ? (values[name] ?? '') : getter(name)
      ).budgets
      platformBudgets[platform] = definedOnly(budgets)
    } catch (error) {
      return fail(
        new Error((error as Error).message.replace(/^Input ([\w-]+):/, `Input ${label}.$1:`))
      )
    }
  }
  return imageSpecFromInputs(entry.name, inputs, {
    platforms,
    platformBudgets,
    ...(bake ? { tags: bake.build.tags, bake: { files: bake.files, target: entry.name } } : {})
  })
}

const BASELINE_FIELDS = [Input.baseline, Input.baselineImage, Input.baselineReport] as const

/**
 * `defaults` under `entry`; `build-args` and `budgets-per-platform` merged key by key; a baseline
 * source of the image replaces the default one.
 */
function mergeValues(defaults: ConfigValues, entry: ConfigValues): ConfigValues {
  const merged: ConfigValues = { ...defaults, ...entry }
  // One baseline source: the image's replaces the default one, whichever key each uses.
  if (BASELINE_FIELDS.some(field => entry[field] !== undefined)) {
    for (const field of BASELINE_FIELDS) merged[field] = entry[field]
  }
  if (defaults['build-args'] || entry['build-args']) {
    merged['build-args'] = { ...defaults['build-args'], ...entry['build-args'] }
  }
  const own = entry['budgets-per-platform']
  const inherited = defaults['budgets-per-platform']
  if (own && inherited) {
    const platforms: PlatformBudgetValues = { ...inherited }
    for (const [platform, values] of Object.entries(own)) {
      platforms[platform] = { ...inherited[platform], ...values }
    }
    merged['budgets-per-platform'] = platforms
  }
  return merged
}

function definedOnly(budgets: BudgetLimits): BudgetLimits {
  return Object.fromEntries(
    Object.entries(budgets).filter(([, value]) => value !== undefined)
  ) as BudgetLimits
}

/**
 * An input parser's message, reworded for the file: `Input max-size: …` → `WHERE.max-size: …`,
 * `image: …` → `WHERE.image: …`, `Inputs a, b: …` → `WHERE: a, b: …` (the parsers name inputs; in
 * the file they are fields).
 */
function relabel(message: string, origin: (field: string) => string): string {
  const one = /^Input ([\w./-]+?)(\.[\w-]+)?: /.exec(message)
  if (one) {
    const field = one[1] as string
    const rest = message.slice(one[0].length)
    return `${origin(field)}${one[2] ?? ''}: ${rest}`
  }
  // parseImageSource names the input without "Input ".
  const bare = /^([\w-]+): /.exec(message)
  if (bare && (bare[1] as string) in IMAGE_FIELDS) {
    return `${origin(bare[1] as string)}: ${message.slice(bare[0].length)}`
  }
  const many = /^Inputs ([^:]+): /.exec(message)
  if (many) return `${origin('').replace(/\.$/, '')}: ${message.slice('Inputs '.length)}`
  return message
}

/** Ajv errors → one line per offending value, each naming the image and the field. */
function schemaMessages(errors: ErrorObject[], data: unknown): string[] {
  const byPath = new Map<string, ErrorObject[]>()
  for (const error of errors) {
    const key =
      error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${escapePointer(String(error.params['additionalProperty']))}`
        : error.keyword === 'required'
          ? `${error.instancePath}/${escapePointer(String(error.params['missingProperty']))}`
          : error.instancePath
    byPath.set(key, [...(byPath.get(key) ?? []), error])
  }
  const lines: string[] = []
  for (const [pointer, group] of byPath) {
    const segments = pointer.split('/').slice(1).map(unescapePointer)
    const where = describePath(segments, data)
    const field = segments[segments.length - 1] ?? ''
    const parent = segments[segments.length - 2]
    const kinds = new Set(group.map(e => e.keyword))
    if (kinds.has('additionalProperties')) {
      const known = knownFields(segments)
      const near = known.find(k => distance(k, field) <= 2)
      lines.push(
        `${where}: unknown field${near ? ` (did you mean ${near}?)` : ''}. Fields are the action's input names.`
      )
    } else if (kinds.has('required')) {
      lines.push(`${where}: missing (required)`)
    } else if (kinds.has('propertyNames')) {
      lines.push(
        field === 'build-args'
          ? `${where}: build argument names are letters, digits and _, not starting with a digit`
          : `${where}: expected platforms like linux/arm64 as keys`
      )
    } else if (parent === 'platforms') {
      lines.push(`${where}: expected a platform like linux/arm64 (OS/ARCH[/VARIANT])`)
    } else if (field in IMAGE_FIELDS && parent !== 'build-args') {
      lines.push(`${where}: expected ${IMAGE_FIELDS[field as keyof typeof IMAGE_FIELDS]}`)
    } else if (segments.length === 1 && field === 'images') {
      lines.push(`${where}: expected a list of images, each with a name`)
    } else if (field === 'name') {
      lines.push(
        `${where}: expected a name of letters, digits and ._/:@- (starting with a letter or digit)`
      )
    } else {
      const first = group[0] as ErrorObject
      lines.push(`${where}: ${first.message ?? first.keyword}`)
    }
  }
  return lines
}

/** `["images","1","max-size"]` → `images[1] (api).max-size`. */
function describePath(segments: string[], data: unknown): string {
  let out = ''
  let node: unknown = data
  for (const segment of segments) {
    if (Array.isArray(node)) {
      const item: unknown = node[Number(segment)]
      const name = (item as { name?: unknown } | undefined)?.name
      out += `[${segment}]${typeof name === 'string' && name !== '' ? ` (${name})` : ''}`
      node = item
    } else {
      out += out === '' ? segment : /^[\w-]+$/.test(segment) ? `.${segment}` : `["${segment}"]`
      node = (node as Record<string, unknown> | undefined)?.[segment]
    }
  }
  return out === '' ? '(the file)' : out
}

/** The fields allowed where `segments` points (its parent object). */
function knownFields(segments: string[]): string[] {
  if (segments.length === 1) return Object.keys(CONFIG_SCHEMA.properties)
  if (segments[segments.length - 3] === 'budgets-per-platform') return Object.keys(BUDGET_FIELDS)
  return ['name', ...Object.keys(IMAGE_FIELDS)]
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

function unescapePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~')
}

/** Levenshtein distance, for "did you mean" (short strings only). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
    row = next
  }
  return row[b.length] as number
}
