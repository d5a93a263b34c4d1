/**
 * Which build path the docker CLI on this machine offers: `docker buildx build` (buildx plugin),
 * BuildKit through `DOCKER_BUILDKIT=1 docker build` (CLIs before 23.0 carry their own BuildKit
 * client), or the classic builder. The probing (I/O) is `probeEngine`; the decision is the pure
 * `decideEngine`, table-tested.
 */
import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Log } from '../log.ts'
import type { EngineKind } from '../model.ts'
import { childEnv, cliMessage, runDocker, type DockerRun } from './docker-cli.ts'
import { DEFAULT_SOCKET, dockerConfigDir, endpointSettings, probeApi } from './engine-api.ts'

/**
 * Where the daemon keeps images: `classic` (graphdriver: overlay2, …) or `containerd` (the
 * containerd image store, `containerd-snapshotter`; default for fresh Docker 29 installs and
 * Docker Desktop). On the containerd store `docker image inspect .Id` is the manifest (or index)
 * digest, `.Size` is not the unpacked size, `docker image history` sizes are disk usage in blocks,
 * and `docker save` writes the stored compressed blobs.
 */
export type ImageStore = 'classic' | 'containerd'

/** The docker CLI and the build path it will drive. */
export interface Engine {
  kind: EngineKind
  /** The docker CLI: a file name resolved on PATH (`docker`) or a path. */
  docker: string
  /** Extra environment for every docker call, e.g. `{ DOCKER_BUILDKIT: '1' }`. */
  env: Record<string, string>
  /** The daemon's version (`docker info` `.ServerVersion`), e.g. `20.10.24+dfsg1`. */
  serverVersion: string
  /** The CLI's version (`docker version` `.Client.Version`), when it answered. */
  clientVersion?: string
  /** The daemon's image store (`docker info`); absent when the engine was not probed. */
  imageStore?: ImageStore
  /** buildx only: the current builder's name (`docker buildx inspect`), e.g. `default`. */
  builder?: string
  /**
   * buildx only: the builder's driver (`docker`, `docker-container`, `kubernetes`, `remote`).
   * Every driver but `docker` keeps images in its own store, which is why builds pass `--load`.
   */
  builderDriver?: string
  /**
   * buildx only: the builder's BuildKit version (`docker buildx inspect` `BuildKit version:`),
   * e.g. `v0.13.0`; absent for the default builder (not inspected) or when not shown.
   */
  buildkitVersion?: string
  /** buildx only: the plugin's version, e.g. `0.11.2` (decides whether `--provenance` exists). */
  buildxVersion?: string
  /**
   * The daemon's unix socket, when the Docker Engine API is used on it for image reads and
   * removals (see `./engine-api.ts`); absent: the CLI does everything.
   */
  api?: string
  /** One sentence for people: why this path was chosen. */
  reason: string
}

/** What the probes found; the input of {@link decideEngine}. */
export interface EngineProbe {
  docker: string
  /** `docker info` `.ServerVersion`. */
  serverVersion: string
  /** `docker info` `.OSType`: `linux` or `windows`. */
  osType?: string
  /** From `docker info` (see {@link parseInfo}). */
  imageStore?: ImageStore
  clientVersion?: string
  /** Present when `docker buildx version` exited 0. */
  buildx?: { version?: string; builder?: string; driver?: string; buildkitVersion?: string }
  /**
   * True when `DOCKER_BUILDKIT=1 docker build --help` exits 0. A CLI from 23.0 on without the
   * buildx plugin refuses ("BuildKit is enabled but the buildx component is missing").
   */
  cliBuildKit: boolean
  /** The `DOCKER_BUILDKIT` environment variable as the user set it, if at all. */
  envBuildKit?: string
  /** The daemon's socket when its API answers as the same daemon ({@link probeApi}). */
  api?: string
}

/** The first daemon version with BuildKit (Docker 18.09 release notes). */
export const MIN_BUILDKIT_SERVER = '18.09'

/**
 * Numeric parts of a version: `20.10.24+dfsg1` → `[20, 10, 24]`, `v0.10.4` → `[0, 10, 4]`.
 * Undefined when the text does not start with `major.minor` (after an optional `v`).
 */
export function parseVersion(text: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim())
  if (!m) return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
}

/** Compares two parsed versions part by part: negative, 0 or positive. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** `version ≥ min`; false when `version` cannot be parsed. */
function atLeast(version: string | undefined, min: string): boolean {
  const v = version === undefined ? undefined : parseVersion(version)
  const m = parseVersion(min)
  return v !== undefined && m !== undefined && compareVersions(v, m) >= 0
}

/**
 * `DOCKER_BUILDKIT` read the way the docker CLI reads it (Go `strconv.ParseBool`, docker/cli
 * `cli/command/image/build.go`): undefined when unset or empty.
 * @throws Error naming DOCKER_BUILDKIT and the accepted values for anything else.
 */
export function parseBuildKitEnv(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false
  throw new Error(
    `DOCKER_BUILDKIT="${value}" is not a boolean: expected 1, 0, true or false (as the docker CLI reads it)`
  )
}

/**
 * Chooses the build path from probe results, in this order:
 * 1. `DOCKER_BUILDKIT=0` (or false) in the environment → classic: the user asked for it.
 * 2. buildx present → buildx (unless its driver is `docker` on a daemon older than 18.09).
 * 3. a Linux daemon ≥ 18.09 whose CLI builds with BuildKit without buildx → buildkit.
 * 4. otherwise classic, with `DOCKER_BUILDKIT=0` so a 23+ CLI does not look for buildx.
 *
 * @throws Error when `envBuildKit` is set but is not a boolean (see {@link parseBuildKitEnv}).
 */
export function decideEngine(p: EngineProbe): Engine {
  const base = {
    docker: p.docker,
    serverVersion: p.serverVersion,
    ...(p.clientVersion ? { clientVersion: p.clientVersion } : {}),
    ...(p.imageStore ? { imageStore: p.imageStore } : {}),
    ...(p.api ? { api: p.api } : {})
  }
  const requested = parseBuildKitEnv(p.envBuildKit)
  if (requested === false) {
    return {
      ...base,
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: 'DOCKER_BUILDKIT=0 in the environment asks for the classic builder'
    }
  }
  const daemonBuildKit =
    atLeast(p.serverVersion, MIN_BUILDKIT_SERVER) && (p.osType ?? 'linux') !== 'windows'
  const serverText = `server ${p.serverVersion}`
  if (p.buildx && (p.buildx.driver !== 'docker' || daemonBuildKit)) {
    const { version, builder, driver, buildkitVersion } = p.buildx
    const named = builder ? `builder "${builder}"` : 'the current builder'
    return {
      ...base,
      kind: 'buildx',
      env: {},
      ...(builder ? { builder } : {}),
      ...(driver ? { builderDriver: driver } : {}),
      ...(buildkitVersion ? { buildkitVersion } : {}),
      ...(version ? { buildxVersion: version } : {}),
      reason: `buildx ${version ?? '(version unknown)'} is installed; ${named}${driver ? ` uses the ${driver} driver` : ''}`
    }
  }
  if (daemonBuildKit && p.cliBuildKit) {
    return {
      ...base,
      kind: 'buildkit',
      env: { DOCKER_BUILDKIT: '1' },
      reason: `${serverText} supports BuildKit and the CLI${p.clientVersion ? ` ${p.clientVersion}` : ''} builds with it through DOCKER_BUILDKIT=1`
    }
  }
  let why: string
  if (!atLeast(p.serverVersion, MIN_BUILDKIT_SERVER)) {
    why = `${serverText} is older than ${MIN_BUILDKIT_SERVER} or not a Docker version, so BuildKit is not assumed`
  } else if (p.osType === 'windows') {
    why = `the daemon runs Windows containers, which BuildKit does not build without buildx`
  } else if (p.buildx) {
    why = `buildx uses the docker driver and the ${serverText} lacks BuildKit`
  } else {
    why = `no buildx plugin, and the CLI${p.clientVersion ? ` ${p.clientVersion}` : ''} does not build with BuildKit without it`
  }
  const asked = requested === true ? 'DOCKER_BUILDKIT=1 is set but cannot be honoured: ' : ''
  return {
    ...base,
    kind: 'classic',
    env: { DOCKER_BUILDKIT: '0' },
    reason: `${asked}${why}; using the classic builder`
  }
}

/**
 * `docker buildx inspect` text → the builder's name, driver and BuildKit version (the first
 * `Name:`, `Driver:` and `BuildKit version:` lines; later `Name:` lines belong to nodes).
 */
export function parseBuildxInspect(text: string): {
  builder?: string
  driver?: string
  buildkitVersion?: string
} {
  const field = (key: string): string | undefined =>
    new RegExp(`^${key}:[ \\t]*(\\S.*?)\\s*$`, 'm').exec(text)?.[1]
  const builder = field('Name')
  const driver = field('Driver')
  // The first node's; buildx 0.10+ prints `BuildKit version:`, older ones `Buildkit:`.
  const buildkitVersion = field('BuildKit version') ?? field('Buildkit')
  return {
    ...(builder ? { builder } : {}),
    ...(driver ? { driver } : {}),
    ...(buildkitVersion ? { buildkitVersion } : {})
  }
}

/**
 * `docker buildx inspect` text → the first node's `Status:` (`running`, `inactive`, `stopped`,
 * `error`), lower-cased; undefined when there is none.
 */
export function parseBuildxStatus(text: string): string | undefined {
  return /^Status:[ \t]*(\S+)/m.exec(text)?.[1]?.toLowerCase()
}

/** Where the buildx builder in use was chosen, for messages. */
export type BuilderOrigin = 'the builder input' | 'BUILDX_BUILDER' | "buildx's current builder"

/**
 * The error for a buildx builder that cannot be used: it names the builder, its driver and where
 * it was chosen, gives buildx's own last words, and says how to fix it. Pure.
 *
 * @param problem `not found` (inspect failed) or `cannot start` (bootstrap failed)
 * @param message buildx's output; its `ERROR:` lines (else its last 3 lines) are quoted
 */
export function builderError(opts: {
  builder: string
  driver?: string
  origin: BuilderOrigin
  problem: 'not found' | 'cannot start'
  message: string
}): Error {
  const lines = opts.message
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
  const errors = lines.filter(l => l.startsWith('ERROR:'))
  const said = [...new Set(errors.length ? errors : lines.slice(-3))].join(' ')
  const driver = opts.driver ? ` (driver ${opts.driver})` : ''
  const fix =
    opts.problem === 'cannot start'
      ? `Make \`docker buildx inspect --bootstrap ${opts.builder}\` succeed, or build with another builder`
      : `Create it (docker buildx create --name ${opts.builder}), or build with another builder`
  return new Error(
    `buildx builder "${opts.builder}"${driver}, ${opts.origin === "buildx's current builder" ? opts.origin : `chosen by ${opts.origin}`}, ${opts.problem === 'not found' ? 'was not found' : 'cannot start'}: ${said || 'no message'}. ` +
      `${fix}: set the builder input (CLI --builder) or BUILDX_BUILDER to one that \`docker buildx ls\` lists (default is the docker driver of the engine).`
  )
}

/** `docker buildx version` text (`github.com/docker/buildx v0.11.2 9872040`) → `0.11.2`. */
export function parseBuildxVersion(text: string): string | undefined {
  return /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.+-]*)?)/.exec(text)?.[1]
}

/**
 * `docker info --format '{{json .}}'` output → what it says of the CLI (`ClientInfo`): its
 * version (CLI 24+; absent before) and the buildx plugin — `'absent'` when the plugin list is
 * there without a usable buildx (a plugin with `Err` does not run), its version when listed,
 * undefined when the CLI lists no plugins at all (before 19.03; then `docker buildx version`
 * decides). Fields from docker/cli `cli/command/system/info.go` `clientInfo` and
 * `cli-plugins/manager` `Plugin`; checked on CLI 20.10.24 and 28.2.2. Pure.
 */
export function parseClientInfo(stdout: string): {
  version?: string
  buildx?: 'absent' | { version?: string }
} {
  let o: unknown
  try {
    o = JSON.parse(stdout)
  } catch {
    return {}
  }
  const client = (o as { ClientInfo?: unknown } | null)?.ClientInfo
  if (typeof client !== 'object' || client === null) return {}
  const c = client as { Version?: unknown; Plugins?: unknown }
  const version = typeof c.Version === 'string' && c.Version ? c.Version : undefined
  let buildx: 'absent' | { version?: string } | undefined
  if (Array.isArray(c.Plugins)) {
    const found = (c.Plugins as unknown[]).find(
      (p): p is { Name: string; Version?: unknown; Err?: unknown } =>
        typeof p === 'object' && p !== null && (p as { Name?: unknown }).Name === 'buildx'
    )
    if (!found || found.Err) buildx = 'absent'
    else buildx = typeof found.Version === 'string' ? { version: found.Version } : {}
  }
  return { ...(version ? { version } : {}), ...(buildx ? { buildx } : {}) }
}

/** The `driver-type` a daemon on the containerd image store reports in `docker info` `DriverStatus`. */
const SNAPSHOTTER_DRIVER_TYPE = 'io.containerd.snapshotter.v1'

/**
 * `docker info --format '{{json .}}'` output → the fields the decision needs. Tolerates output
 * that is not JSON (returns empty fields).
 *
 * The image store: a daemon on the containerd image store lists `["driver-type",
 * "io.containerd.snapshotter.v1"]` in `DriverStatus` (moby `daemon/containerd/service.go`
 * `StorageDriver`/`DriverStatus`; checked on Docker 26.1.5); any other answer with a `Driver` is
 * the classic store.
 */
export function parseInfo(stdout: string): {
  serverVersion: string
  osType: string
  serverErrors: string[]
  imageStore?: ImageStore
  /** `.ID`: the daemon's identity. */
  id?: string
} {
  let o: Record<string, unknown> = {}
  try {
    const value: unknown = JSON.parse(stdout)
    if (typeof value === 'object' && value !== null) o = value as Record<string, unknown>
  } catch {
    // not JSON: nothing known
  }
  const text = (v: unknown): string => (typeof v === 'string' ? v : '')
  const errors = Array.isArray(o['ServerErrors']) ? (o['ServerErrors'] as unknown[]) : []
  const status = Array.isArray(o['DriverStatus']) ? (o['DriverStatus'] as unknown[]) : []
  const snapshotter = status.some(
    pair => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === SNAPSHOTTER_DRIVER_TYPE
  )
  const imageStore: ImageStore | undefined = snapshotter
    ? 'containerd'
    : text(o['Driver'])
      ? 'classic'
      : undefined
  return {
    serverVersion: text(o['ServerVersion']),
    osType: text(o['OSType']),
    serverErrors: errors.map(text).filter(Boolean),
    ...(imageStore ? { imageStore } : {}),
    ...(text(o['ID']) ? { id: text(o['ID']) } : {})
  }
}

/**
 * buildx's store directory (docker/buildx `util/confutil`): `BUILDX_CONFIG`, else `buildx` in
 * `DOCKER_CONFIG`, else `~/.docker/buildx`. Pure.
 */
export function buildxStoreDir(env: Record<string, string | undefined>): string {
  if (env['BUILDX_CONFIG']) return env['BUILDX_CONFIG']
  return join(dockerConfigDir(env), 'buildx')
}

/**
 * True when buildx would build with its default builder — the docker driver on the daemon the
 * CLI talks to, named `default` — so `docker buildx inspect` can be skipped. That is so when the
 * CLI's endpoint is the default context's (`DOCKER_HOST`, or no context chosen), and buildx's
 * store (docker/buildx 0.13 `store/store.go` `Txn.Current`) names no builder for that endpoint:
 * its `current` file is absent, or is for another endpoint, or is for this one (its `Key`, the
 * docker host, or `Global`) with an empty `Name` (what `docker buildx use default` writes); and,
 * unless `current` decided it, no `defaults/` file names a default builder (`docker buildx use
 * --default`; any file there counts, whichever endpoint it is for). False when a file cannot be
 * read or parsed: then `buildx inspect` answers. The caller has checked the builder input and
 * `BUILDX_BUILDER`.
 */
export async function usesDefaultBuilder(
  env: Record<string, string | undefined>
): Promise<boolean> {
  const settings = await endpointSettings(env)
  const context = settings.dockerContext ?? settings.currentContext ?? 'default'
  if (!settings.dockerHost && context !== 'default') return false
  // buildx keys the default context by its docker host (`dockerutil.GetCurrentEndpoint`).
  const key = settings.dockerHost ?? `unix://${DEFAULT_SOCKET}`
  const store = buildxStoreDir(env)
  let text: string | undefined
  try {
    text = await readFile(join(store, 'current'), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false
  }
  if (text !== undefined) {
    let current: { Key?: unknown; Name?: unknown; Global?: unknown }
    try {
      current = JSON.parse(text) as typeof current
    } catch {
      return false
    }
    if (typeof current !== 'object' || current === null) return false
    if (current.Key === key || current.Global === true) return current.Name === ''
  }
  try {
    return (await readdir(join(store, 'defaults'))).length === 0
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
  }
}

/**
 * Where the docker CLI looks for a `docker-buildx` plugin on Linux: `DOCKER_CONFIG` (default
 * `~/.docker`) `/cli-plugins`, then the system directories (docker/cli
 * `cli-plugins/manager/manager_unix.go` `defaultSystemPluginDirs`). `cliPluginsExtraDirs` from
 * `config.json` is not read: the answer only predicts which probe to start early. Pure.
 */
export function buildxPluginPaths(env: Record<string, string | undefined>): string[] {
  const config = dockerConfigDir(env)
  return [
    join(config, 'cli-plugins'),
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins'
  ].map(dir => join(dir, 'docker-buildx'))
}

/**
 * Runs the probes against `docker`: `docker info` (must answer) and, when the run builds, what it
 * leaves open — `docker buildx version` (only when `ClientInfo.Plugins` does not say whether buildx
 * is there: CLIs before 19.03), `DOCKER_BUILDKIT=1 docker build --help` (unless buildx will
 * build), `docker buildx inspect` (when buildx is present). The one of the last two that a
 * `docker-buildx` file on disk ({@link buildxPluginPaths}) predicts is started beside `docker
 * info`: each docker CLI start costs ~0.15 CPU-s, and on a busy runner waiting for it in turn
 * costs more. `docker version` is not run: the CLI's version only names it in messages (CLI 24+
 * gives it in `ClientInfo`).
 *
 * With `builds: false` (a run that only reads images) only `docker info` runs: no builder is
 * inspected or started, whatever the builder input or `BUILDX_BUILDER` say. With
 * `DOCKER_BUILDKIT=0` neither: the classic builder was asked for.
 *
 * @param env the environment whose `DOCKER_BUILDKIT` counts (default `process.env`).
 * @throws Error "Docker CLI not found …" when the CLI is missing; Error "Docker engine not
 *   reachable …" with the CLI's message when `docker info` fails; Error naming DOCKER_BUILDKIT
 *   when it is set but not a boolean (before any docker call); the builder errors of
 *   {@link builderError}.
 */
export async function probeEngine(opts: {
  docker?: string
  env?: Record<string, string | undefined>
  /** The buildx builder to use (the `builder` input); default `BUILDX_BUILDER`, else current. */
  builder?: string
  /** False when the run builds nothing (default true): only `docker info` runs. */
  builds?: boolean
  log: Log
}): Promise<EngineProbe> {
  const docker = opts.docker ?? 'docker'
  const env = opts.env ?? process.env
  const builds = opts.builds ?? true
  const envBuildKit = env['DOCKER_BUILDKIT']
  // Bad input before any docker call; DOCKER_BUILDKIT=0 decides the build path by itself.
  const classicAsked = parseBuildKitEnv(envBuildKit) === false
  const probing = builds && !classicAsked
  const inspectArgs = ['buildx', 'inspect', ...(opts.builder ? [opts.builder] : [])]
  const helpArgs = ['build', '--help']
  const helpEnv = { DOCKER_BUILDKIT: '1' }
  // Started beside `docker info` on a prediction; a wrong one costs one docker start.
  const pluginOnDisk = probing && buildxPluginPaths(env).some(path => existsSync(path))
  // buildx's default builder needs no `buildx inspect` (~0.3 s of a plugin start).
  const defaultBuilder =
    pluginOnDisk && !opts.builder && !env['BUILDX_BUILDER'] && (await usesDefaultBuilder(env))
  const early = {
    inspect: pluginOnDisk && !defaultBuilder ? settled(runDocker(docker, inspectArgs)) : undefined,
    help:
      probing && !pluginOnDisk ? settled(runDocker(docker, helpArgs, { env: helpEnv })) : undefined
  }
  // `{{json .}}` rather than a field template: with the daemon down the 20.10 CLI fails a field
  // template with a nil-pointer message, or prints `{"ServerErrors": […]}` and exits 0.
  const infoRun = runDocker(docker, ['info', '--format', '{{json .}}'])
  // The API on the same daemon, asked beside `docker info` (the CLI's environment is this one).
  const api = probeApi(
    childEnv(),
    infoRun.then(
      run => parseInfo(run.stdout).id,
      () => undefined
    )
  ).catch(() => undefined)
  const info = await infoRun
  const parsed = parseInfo(info.stdout)
  if (info.exitCode !== 0 || parsed.serverErrors.length > 0 || !parsed.serverVersion) {
    const message = parsed.serverErrors.join('; ') || cliMessage(info)
    throw new Error(
      `Docker engine not reachable: \`${docker} info\` failed: ${message.trim()}${/[.?!]$/.test(message.trim()) ? '' : '.'} Start the ` +
        'Docker daemon (e.g. `sudo systemctl start docker`) or point DOCKER_HOST at it, and make ' +
        'sure this user may use its socket. On GitHub Actions use an ubuntu-* runner: macOS and ' +
        'Windows runners have no Linux Docker daemon.'
    )
  }
  const { serverVersion, osType, imageStore } = parsed
  // What `docker info` says of the CLI: its version (CLI 24+) and its plugins (CLI 19.03+).
  const client = parseClientInfo(info.stdout)
  const daemonBuildKit =
    atLeast(serverVersion, MIN_BUILDKIT_SERVER) && (osType || 'linux') !== 'windows'
  const buildxPlugin = typeof client.buildx === 'object' ? client.buildx : undefined
  const [buildx, help] = await Promise.all([
    probing && client.buildx === undefined ? runDocker(docker, ['buildx', 'version']) : undefined,
    // Only asked when buildx may not be the build path (decideEngine).
    probing && !(buildxPlugin && daemonBuildKit)
      ? (early.help ?? settled(runDocker(docker, helpArgs, { env: helpEnv }))).then(unsettle)
      : undefined
  ])
  const hasBuildx = buildxPlugin !== undefined || buildx?.exitCode === 0
  let buildxProbe: EngineProbe['buildx']
  if (hasBuildx && probing && defaultBuilder) {
    const bxVersion = buildxPlugin?.version && parseBuildxVersion(buildxPlugin.version)
    buildxProbe = {
      ...(bxVersion ? { version: bxVersion } : {}),
      builder: 'default',
      driver: 'docker'
    }
  } else if (hasBuildx && probing) {
    // buildx itself reads BUILDX_BUILDER when no name is given (the child inherits it).
    const envBuilder = env['BUILDX_BUILDER'] || undefined
    const wanted = opts.builder ?? envBuilder
    const origin: BuilderOrigin = opts.builder
      ? 'the builder input'
      : envBuilder
        ? 'BUILDX_BUILDER'
        : "buildx's current builder"
    const inspect = await (early.inspect ?? settled(runDocker(docker, inspectArgs))).then(unsettle)
    if (inspect.exitCode !== 0) {
      if (wanted) {
        throw builderError({
          builder: wanted,
          origin,
          problem: 'not found',
          message: cliMessage(inspect)
        })
      }
      opts.log.warning(`docker buildx inspect failed: ${cliMessage(inspect)}`)
    }
    const found = inspect.exitCode === 0 ? parseBuildxInspect(inspect.stdout) : {}
    // A builder with a store of its own (docker-container, kubernetes, remote) may not be up yet:
    // start it now, so a builder that cannot start is reported as such, not as a failed build.
    const name = found.builder ?? wanted
    if (
      name &&
      found.driver &&
      found.driver !== 'docker' &&
      parseBuildxStatus(inspect.stdout) !== 'running'
    ) {
      const boot = await opts.log.group(
        `Start buildx builder "${name}" (driver ${found.driver})`,
        () =>
          runDocker(docker, ['buildx', 'inspect', '--bootstrap', name], {
            onLine: line => opts.log.info(line)
          })
      )
      if (boot.exitCode !== 0) {
        throw builderError({
          builder: name,
          driver: found.driver,
          origin,
          problem: 'cannot start',
          message: cliMessage(boot)
        })
      }
    }
    const bxVersion = buildxPlugin
      ? buildxPlugin.version && parseBuildxVersion(buildxPlugin.version)
      : parseBuildxVersion(buildx?.stdout ?? '')
    buildxProbe = { ...(bxVersion ? { version: bxVersion } : {}), ...found }
  } else if (hasBuildx) {
    // Not probed further (nothing is built, or DOCKER_BUILDKIT=0): present, version from info.
    const bxVersion = buildxPlugin?.version && parseBuildxVersion(buildxPlugin.version)
    buildxProbe = bxVersion ? { version: bxVersion } : {}
  } else if (buildx) {
    opts.log.debug(`docker buildx version: ${cliMessage(buildx)}`)
  } else if (client.buildx === 'absent') {
    opts.log.debug('docker info lists no buildx plugin')
  }
  if (help && help.exitCode !== 0) {
    opts.log.debug(`DOCKER_BUILDKIT=1 docker build --help: ${cliMessage(help)}`)
  }
  return {
    docker,
    serverVersion,
    ...(osType ? { osType } : {}),
    ...(imageStore ? { imageStore } : {}),
    ...(client.version ? { clientVersion: client.version } : {}),
    ...(buildxProbe ? { buildx: buildxProbe } : {}),
    // Not asked when buildx builds (a CLI with the buildx plugin builds with BuildKit), when the
    // classic builder was asked for, or when nothing is built.
    cliBuildKit: help ? help.exitCode === 0 : true,
    ...(envBuildKit !== undefined ? { envBuildKit } : {}),
    ...((await api) ? { api: await api } : {})
  }
}

/** A run that may be awaited late: its rejection is kept as a value, never unhandled. */
type Settled = Promise<{ run: DockerRun } | { error: unknown }>

function settled(run: Promise<DockerRun>): Settled {
  return run.then(
    r => ({ run: r }),
    (error: unknown) => ({ error })
  )
}

/** The run of a {@link settled} promise, or its error thrown. */
function unsettle(s: { run: DockerRun } | { error: unknown }): DockerRun {
  if ('error' in s) throw s.error
  return s.run
}

/**
 * Why the builder input cannot be honoured on an engine that does not build with buildx, and
 * what to do; pure. `DOCKER_BUILDKIT=0` asks for the classic builder: unsetting it is the fix
 * when buildx is installed (`probe.buildx` present), not installing buildx.
 */
export function builderInputError(builder: string, probe: EngineProbe, engine: Engine): Error {
  const classicAsked = parseBuildKitEnv(probe.envBuildKit) === false
  let fix: string
  if (classicAsked && probe.buildx) {
    fix = 'Unset DOCKER_BUILDKIT (buildx is installed and builds with BuildKit), or remove builder.'
  } else if (classicAsked) {
    fix =
      'Unset DOCKER_BUILDKIT and install the buildx plugin (docker/setup-buildx-action), or remove builder.'
  } else if (probe.buildx) {
    fix = 'Build on a daemon of 18.09 or later, or remove builder.'
  } else {
    fix = 'Install the buildx plugin (docker/setup-buildx-action) or remove builder.'
  }
  return new Error(
    `Input builder: "${builder}" names a buildx builder, but this run does not build with buildx: ${engine.reason}. ${fix}`
  )
}

/**
 * Probes the docker CLI and daemon and picks the build path (see {@link decideEngine}).
 * Logs the choice and its reason; warns when `DOCKER_BUILDKIT=1` was asked for but the CLI
 * cannot honour it.
 *
 * @param opts.docker the CLI (default `docker` on PATH).
 * @param opts.env the environment whose `DOCKER_BUILDKIT` counts (default `process.env`).
 * With buildx, the builder used is `opts.builder`, else `BUILDX_BUILDER`, else buildx's current
 * one; a builder with a driver of its own that is not running is started here
 * (`docker buildx inspect --bootstrap`). A run that builds nothing (`builds: false`) neither
 * inspects nor starts a builder: measuring an existing image needs none.
 *
 * @throws Error when the CLI is missing, the daemon does not answer, or DOCKER_BUILDKIT is not
 *   a boolean; Error naming the builder, its driver and the fix ({@link builderError}) when the
 *   builder asked for does not exist or cannot start; Error naming the builder input when it is
 *   set but the run does not build with buildx ({@link builderInputError}).
 */
export async function detectEngine(opts: {
  docker?: string
  env?: Record<string, string | undefined>
  /** The buildx builder to use (the `builder` input); default `BUILDX_BUILDER`, else current. */
  builder?: string
  /**
   * False when the run builds nothing (it only reads images): only `docker info` runs, and the
   * builder input is not looked at (default true).
   */
  builds?: boolean
  log: Log
}): Promise<Engine> {
  const builds = opts.builds ?? true
  const probe = await probeEngine(opts)
  const decided = decideEngine(probe)
  if (!builds) {
    // The kind is a guess from `docker info` alone; nothing this run does depends on it.
    const engine: Engine = {
      ...decided,
      reason: 'this run builds nothing, so no build path or buildx builder was probed'
    }
    const store = engine.imageStore === 'containerd' ? 'containerd' : 'classic'
    opts.log.info(
      `Docker engine: server ${engine.serverVersion}, ${store} image store (${engine.reason})`
    )
    return engine
  }
  if (opts.builder !== undefined && decided.kind !== 'buildx') {
    throw builderInputError(opts.builder, probe, decided)
  }
  if (parseBuildKitEnv(probe.envBuildKit) === true && decided.kind === 'classic') {
    opts.log.warning(decided.reason)
  }
  const store = decided.imageStore === 'containerd' ? ', containerd image store' : ''
  opts.log.info(`Docker engine: ${decided.kind}${store} (${decided.reason})`)
  return decided
}
