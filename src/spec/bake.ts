/**
 * A bake file (input `bake`, optional `targets`) → image specs. The file is read by the
 * ecosystem's own parser: `docker buildx bake --print` resolves HCL, JSON and compose files
 * (variables, functions, `inherits`, groups) into JSON; we never parse HCL ourselves
 * (docker/actions-toolkit `src/buildx/bake.ts` `getDefinition` does the same).
 *
 * Paths: bake prints contexts as written and resolves them, when it builds, against the working
 * directory it runs in (buildx 0.13.1 builds a compose file's `./api` from `<cwd>/api`, not from
 * the compose file's directory); the Dockerfile is relative to the context. We run `--print` in
 * the process's working directory (the workspace) and keep the same rule, so the spec names the
 * files bake will build.
 */
import { isAbsolute, join } from 'node:path'
import { Input } from '../constants.ts'
import { cliMessage, runDocker } from '../engine/docker-cli.ts'
import type { InputGetter } from '../inputs.ts'
import { configImageSpec, type ConfigFile, type ConfigValues } from './config-file.ts'
import { BUDGET_FIELDS } from './config-schema.ts'
import { parsePlatforms, type BuildSpec, type ImageSpec } from './run-spec.ts'

/** The input naming the bake file(s) (`Input.bake`). */
export const BAKE_INPUT = Input.bake

/** The input naming the bake targets (`Input.targets`; default: bake's `default` group). */
export const TARGETS_INPUT = Input.targets

/** One target as `bake --print` writes it (fields we read; others are kept by bake itself). */
export interface BakeTarget {
  context?: string
  dockerfile?: string
  'dockerfile-inline'?: string
  target?: string
  args?: Record<string, string | null>
  platforms?: string[]
  tags?: string[]
  [field: string]: unknown
}

/** `bake --print` output: groups and the resolved targets. */
export interface BakeDefinition {
  group?: Record<string, { targets?: string[] }>
  target: Record<string, BakeTarget>
}

/** Bake's characters for target names (buildx `bake.go`); a leading `-` would read as a flag. */
const TARGET_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9_-]*$/

/**
 * Runs `docker buildx bake --print -f FILE… [--] [TARGET…]` (an argument array) and returns its
 * definition. Nothing is built.
 *
 * @param opts.docker the docker CLI (file name on PATH or path); `env` extra environment (e.g.
 *   `DOCKER_CONFIG` for the buildx plugin, `DOCKER_HOST`).
 * @throws Error naming the `bake` input when buildx is missing, bake refuses the files or
 *   targets (quoting its `ERROR:` line; e.g. no targets given and the file has no `default`
 *   group: `failed to find target default`), or prints something that is not a definition; naming
 *   `targets` when a target name is not bake's (letters, digits, `_`, `-`).
 */
export async function bakePrint(opts: {
  docker?: string
  files: string[]
  targets?: string[]
  env?: Record<string, string>
}): Promise<BakeDefinition> {
  const targets = opts.targets ?? []
  for (const target of targets) {
    if (!TARGET_NAME.test(target)) {
      throw new Error(
        `Input ${TARGETS_INPUT}: "${target}" is not a bake target name (letters, digits, _ and -).`
      )
    }
  }
  if (opts.files.length === 0) throw new Error(`Input ${BAKE_INPUT}: no bake file given.`)
  const args = ['buildx', 'bake', '--print', ...opts.files.flatMap(file => ['-f', file])]
  if (targets.length > 0) args.push('--', ...targets)
  const run = await runDocker(opts.docker ?? 'docker', args, opts.env ? { env: opts.env } : {})
  if (run.exitCode !== 0) {
    const message = cliMessage(run)
    if (/unknown flag: --print|is not a docker command|unknown command/.test(message)) {
      throw new Error(
        `Input ${BAKE_INPUT}: needs the docker buildx plugin (docker buildx bake), which this docker CLI does not have. Install docker-buildx (docker/setup-buildx-action does) or remove bake.`
      )
    }
    throw new Error(
      `Input ${BAKE_INPUT}: docker buildx bake --print ${opts.files.join(', ')} failed: ${lastLines(message)}`
    )
  }
  return parseBakeDefinition(run.stdout)
}

/**
 * Parses and checks `bake --print` JSON.
 *
 * @throws Error naming the `bake` input when the text is not JSON or has no `target` object.
 */
export function parseBakeDefinition(json: string): BakeDefinition {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (error) {
    throw new Error(
      `Input ${BAKE_INPUT}: docker buildx bake --print wrote no JSON: ${(error as Error).message}`,
      { cause: error }
    )
  }
  const target = (data as { target?: unknown } | null)?.target
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    throw new Error(`Input ${BAKE_INPUT}: docker buildx bake --print wrote no targets.`)
  }
  return data as BakeDefinition
}

/**
 * The targets of a definition in order: the `default` group's order (bake writes the requested
 * targets there), then any other target.
 */
export function bakeTargetNames(definition: BakeDefinition): string[] {
  const listed = definition.group?.['default']?.targets ?? []
  const names = listed.filter(name => name in definition.target)
  for (const name of Object.keys(definition.target)) if (!names.includes(name)) names.push(name)
  return names
}

/**
 * One target's build fields: context (default `.`), the Dockerfile joined to the context unless
 * absolute (as buildx does), target, build args (nulls dropped), platforms (normalised), tags.
 *
 * @throws Error naming the `bake` input and the target for what the action cannot measure from
 *   a definition: a remote context (a Git or HTTP URL) or `dockerfile-inline`.
 */
export function bakeBuildSpec(name: string, target: BakeTarget): Omit<BuildSpec, 'bake'> {
  const where = `Input ${BAKE_INPUT}: target ${name}`
  const context = stripCwd(target.context ?? '.')
  if (/^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/.test(context) || /\.git(#|$)/.test(context)) {
    throw new Error(
      `${where}: the context "${context}" is remote; image-size-budget measures builds of a local context (check it out first).`
    )
  }
  if (typeof target['dockerfile-inline'] === 'string') {
    throw new Error(
      `${where}: dockerfile-inline is not supported (the Dockerfile is read from a file to attribute layers to its lines); put it in a file and set dockerfile.`
    )
  }
  const dockerfile = target.dockerfile ?? 'Dockerfile'
  const file = dockerfile.startsWith('cwd://')
    ? dockerfile.slice('cwd://'.length)
    : isAbsolute(dockerfile)
      ? dockerfile
      : join(context, dockerfile)
  const buildArgs: Record<string, string> = {}
  for (const [key, value] of Object.entries(target.args ?? {})) {
    if (typeof value === 'string') buildArgs[key] = value
  }
  const spec: Omit<BuildSpec, 'bake'> = {
    context,
    file,
    buildArgs,
    platforms: parsePlatforms(target.platforms ?? [], `${BAKE_INPUT}: target ${name} platforms`),
    tags: [...(target.tags ?? [])]
  }
  if (target.target) spec.target = target.target
  return spec
}

/**
 * The image specs of a run from bake files: `bake --print` of the selected targets (`targets`,
 * else bake's `default` group), then {@link bakeImageSpecs}. The config file holds the budgets of
 * every image of a repository, so its images that are bake targets outside the selection (one
 * matrix job per target, one shared config file) are skipped; only a name that is no target of
 * the bake files is an error (a typo).
 *
 * @throws Error naming the config image that names no bake target, with the targets bake knows
 *   (those selected, its `default` group's, and the config's other images that are targets);
 *   the errors of {@link bakePrint} and {@link bakeImageSpecs}.
 */
export async function bakeRunImages(opts: {
  docker?: string
  files: string[]
  targets: string[]
  get: InputGetter
  config?: ConfigFile
  env?: Record<string, string>
}): Promise<ImageSpec[]> {
  const print = (targets: string[]): Promise<BakeDefinition> =>
    bakePrint({ docker: opts.docker, files: opts.files, targets, env: opts.env })
  const definition = await print(opts.targets)
  const selected = bakeTargetNames(definition)
  const others = (opts.config?.images ?? [])
    .map(entry => entry.name)
    .filter(name => !selected.includes(name))
  // Which of the others bake knows as targets: one print of them all, else one each (a group's
  // name, or a name bake does not know, is no target).
  const isTarget = async (names: string[]): Promise<string[]> => {
    const printed = await print(names).catch(() => undefined)
    return printed ? names.filter(name => name in printed.target) : []
  }
  let outside = others.length > 0 ? await isTarget(others) : []
  if (outside.length < others.length && others.length > 1) {
    outside = []
    for (const name of others) outside.push(...(await isTarget([name])))
  }
  let known = [...selected, ...outside]
  if (outside.length < others.length) {
    // For the error: the targets bake lists without a selection (its default group).
    const defaults = await print([]).catch(() => undefined)
    for (const name of defaults ? bakeTargetNames(defaults) : []) {
      if (!known.includes(name)) known.push(name)
    }
    known = known.sort()
  }
  return bakeImageSpecs(definition, { ...opts, skip: outside, known })
}

/**
 * The image specs of a bake definition, one per target (its name is the target's). Budgets and
 * baselines come from the config file's image of the same name (its `defaults` apply to every
 * target) or, without a config file, from the action's inputs (`get`), which then apply to every
 * target.
 *
 * @param files the bake files, kept in each spec so the build runs `bake -f FILE… TARGET`.
 * @throws Error naming the config image when it sets build fields (bake owns them) or names no
 *   target; the errors of {@link bakeBuildSpec} and of the budget parsers.
 */
export function bakeImageSpecs(
  definition: BakeDefinition,
  opts: {
    files: string[]
    get: InputGetter
    config?: ConfigFile
    /** Config images that are bake targets outside the selection: skipped. */
    skip?: readonly string[]
    /** The bake targets known, for the error (default: the definition's). */
    known?: readonly string[]
  }
): ImageSpec[] {
  const names = bakeTargetNames(definition)
  const config = opts.config
  const entries = new Map<string, { entry: ConfigValues & { name: string }; index: number }>()
  for (const [index, entry] of (config?.images ?? []).entries()) {
    const where = `images[${index}] (${entry.name})`
    if (!names.includes(entry.name) && !opts.skip?.includes(entry.name)) {
      throw new Error(
        `Config file ${config?.path}: ${where}: no bake target is named ${entry.name}; the targets are ${(opts.known ?? names).join(', ')}.`
      )
    }
    const owned = BUILD_FIELDS.filter(field => entry[field] !== undefined)
    if (owned.length > 0) {
      throw new Error(
        `Config file ${config?.path}: ${where}.${owned[0]}: the bake file sets the build of ${entry.name}; set only budgets and a baseline here.`
      )
    }
    entries.set(entry.name, { entry, index })
  }
  const base: Pick<ConfigFile, 'path' | 'defaults'> = config ?? {
    path: `(inputs for ${BAKE_INPUT})`,
    defaults: inputDefaults(opts.get)
  }
  return names.map(name => {
    const build = bakeBuildSpec(name, definition.target[name] as BakeTarget)
    const found = entries.get(name)
    const where = found ? `images[${found.index}] (${name})` : `bake target ${name}`
    return configImageSpec(base, found?.entry ?? { name }, where, opts.get, {
      build,
      files: opts.files
    })
  })
}

/** Fields of a config image that a bake file owns. */
const BUILD_FIELDS = ['context', 'file', 'target', 'build-args', 'platforms', 'image'] as const

/** Without a config file: the action's budget and baseline inputs, as `defaults` of every target. */
function inputDefaults(get: InputGetter): ConfigValues {
  const names = [
    ...Object.keys(BUDGET_FIELDS),
    'builder-target',
    'builder-image',
    'baseline',
    'baseline-image',
    'baseline-report'
  ]
  const values: ConfigValues = {}
  for (const name of names) {
    const value = get(name).trim()
    if (value !== '') values[name] = value
  }
  return values
}

function stripCwd(path: string): string {
  return path.startsWith('cwd://') ? path.slice('cwd://'.length) : path
}

/** Bake's `ERROR:` lines (its progress lines come first), else its last lines. */
function lastLines(message: string): string {
  const lines = message.split('\n').map(line => line.trim())
  const errors = lines.filter(line => line.startsWith('ERROR:'))
  return (errors.length > 0 ? errors : lines.slice(-3)).join(' ')
}
