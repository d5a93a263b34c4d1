/**
 * The Docker engines the integration tests run on, as `scripts/engines.sh` describes them in
 * `/opt/isb-engines/engines.json` (override with `ISB_ENGINES_FILE`):
 *
 * - `docker20-classic`: the machine's Docker 20.10 (classic store); classic builder, BuildKit
 *   (the 20.10 CLI with `DOCKER_BUILDKIT=1`), buildx 0.13 (docker driver);
 * - `docker26-classic`: Docker 26.1 on the classic store (Docker 25+ OCI `docker save` layout with
 *   uncompressed blobs); buildx;
 * - `docker26-containerd`: Docker 26.1 on the containerd image store (`docker save` writes the
 *   stored compressed blobs; `.Id` is the manifest digest, `.Size` is not the unpacked size); buildx.
 *
 * Tests name the engine (and build path) they ran on. An engine that is not there fails its test
 * when `CI` is set (`.ci/run` starts every engine, so a missing one is a broken setup) and is
 * skipped with a message otherwise.
 *
 * The code under test reaches the daemon the way the action does, through the environment
 * (`DOCKER_HOST`, and `DOCKER_CONFIG` for the buildx plugin), so {@link useEnginePath} sets
 * `process.env` for the tests of one `describe` and restores it afterwards. Tests in one file run
 * one after another; files run in processes of their own.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The engines `scripts/engines.sh` sets up. */
export const ENGINE_NAMES = ['docker20-classic', 'docker26-classic', 'docker26-containerd'] as const
export type EngineName = (typeof ENGINE_NAMES)[number]

/** A way to build: the classic builder, BuildKit through `DOCKER_BUILDKIT=1`, or buildx. */
export type BuildPath = 'classic' | 'buildkit' | 'buildx'

/** One engine the tests can use. */
export interface TestEngine {
  name: EngineName
  /** `DOCKER_HOST`, e.g. `unix:///run/isb-engines/docker26-containerd/docker.sock`. */
  host: string
  /** The daemon's version, e.g. `26.1.5+dfsg1`. */
  serverVersion: string
  store: 'classic' | 'containerd'
  /** The build paths tested on this engine. */
  paths: BuildPath[]
  /** A `DOCKER_CONFIG` whose `cli-plugins/` holds buildx 0.13. */
  dockerConfig: string
}

/** The docker CLI and the environment one build path on one engine runs with. */
export interface EnginePath {
  engine: TestEngine
  path: BuildPath
  /** `/usr/bin/docker` (20.10 CLI, BuildKit built in) or `/usr/local/bin/docker` (v28 CLI). */
  cli: string
  /** Variables set in `process.env` for the path (undefined: removed). */
  env: Record<string, string | undefined>
  /** `docker20-classic/buildkit`: how test names say where they ran. */
  label: string
}

export const ENGINES_FILE = process.env['ISB_ENGINES_FILE'] ?? '/opt/isb-engines/engines.json'

/** The v28 CLI: with the buildx plugin through DOCKER_CONFIG, without it otherwise. */
const CLI_V28 = '/usr/local/bin/docker'
/** The 20.10 CLI: carries its own BuildKit client (`DOCKER_BUILDKIT=1`). */
const CLI_V20 = '/usr/bin/docker'

/** True under CI (`CI=true`, as GitHub Actions and `.ci/run`'s callers set it). */
export const IN_CI = /^(1|true)$/i.test(process.env['CI'] ?? '')

interface EnginesFile {
  dockerConfig: string
  engines: { name: string; host: string; serverVersion: string; store: string }[]
}

/** Where each engine is, or why it is not there (read once, synchronously: describes need it). */
function load(): Map<EngineName, TestEngine | string> {
  const out = new Map<EngineName, TestEngine | string>()
  let file: EnginesFile | undefined
  let why = `${ENGINES_FILE} is missing: run scripts/engines.sh (scripts/setup.sh runs it)`
  try {
    file = JSON.parse(readFileSync(ENGINES_FILE, 'utf8')) as EnginesFile
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      why = `${ENGINES_FILE} is not readable JSON: ${(error as Error).message}`
    }
  }
  for (const name of ENGINE_NAMES) {
    const e = file?.engines.find(x => x.name === name)
    if (!file || !e) {
      out.set(name, file ? `${ENGINES_FILE} does not describe ${name}` : why)
      continue
    }
    const socket = e.host.replace(/^unix:\/\//, '')
    if (e.host.startsWith('unix://') && !existsSync(socket)) {
      out.set(name, `${name}'s socket ${socket} is not there: run scripts/engines.sh`)
      continue
    }
    out.set(name, {
      name,
      host: e.host,
      serverVersion: e.serverVersion,
      store: e.store === 'containerd' ? 'containerd' : 'classic',
      paths: name === 'docker20-classic' ? ['classic', 'buildkit', 'buildx'] : ['buildx'],
      dockerConfig: file.dockerConfig
    })
  }
  return out
}

const ENGINES = load()

/** A BuildKit daemon of its own attached to buildx as a `remote` builder (scripts/buildkitd.sh). */
export interface RemoteBuilder {
  /** The buildx builder's name, e.g. `isb-remote`. */
  name: string
  /** buildkitd's socket. */
  socket: string
  /** `127.0.0.1:PORT`: a loopback registry holding `isb-local/*`, which the builder pulls from. */
  registry: string
  buildkitVersion: string
  /**
   * A buildx `docker-container` builder running the same buildkitd (its container on
   * docker26-classic: Docker 20.10 cannot start privileged containers on this machine).
   */
  containerBuilder?: string
  /** The `DOCKER_CONFIG` whose buildx store knows the builder. */
  dockerConfig: string
}

/** The remote builder, or why it is missing. */
export function findRemoteBuilder(): RemoteBuilder | string {
  let file: { dockerConfig?: string; remoteBuilder?: Omit<RemoteBuilder, 'dockerConfig'> }
  try {
    file = JSON.parse(readFileSync(ENGINES_FILE, 'utf8')) as typeof file
  } catch (error) {
    return `${ENGINES_FILE} is not readable: ${(error as Error).message}; run scripts/engines.sh`
  }
  const remote = file.remoteBuilder
  if (!remote || !file.dockerConfig) {
    return `${ENGINES_FILE} describes no remoteBuilder: run scripts/engines.sh (it runs scripts/buildkitd.sh)`
  }
  if (!existsSync(remote.socket)) {
    return `buildkitd's socket ${remote.socket} is not there: run scripts/buildkitd.sh`
  }
  return { ...remote, dockerConfig: file.dockerConfig }
}

/** The engine, or why it is missing. */
export function findEngine(name: EngineName): TestEngine | string {
  return ENGINES.get(name) ?? `${name} is not an engine of this machine`
}

/** The CLI and environment of `path` on `engine`. */
export function enginePath(engine: TestEngine, path: BuildPath): EnginePath {
  const env: Record<string, string | undefined> = { DOCKER_HOST: engine.host }
  let cli = CLI_V28
  if (path === 'buildx') {
    env['DOCKER_CONFIG'] = engine.dockerConfig
    env['DOCKER_BUILDKIT'] = undefined
  } else if (path === 'buildkit') {
    cli = CLI_V20
    env['DOCKER_BUILDKIT'] = '1'
    env['DOCKER_CONFIG'] = undefined
  } else {
    // The v28 CLI without the plugin, and DOCKER_BUILDKIT=0: the classic builder.
    env['DOCKER_BUILDKIT'] = '0'
    env['DOCKER_CONFIG'] = undefined
  }
  return { engine, path, cli, env, label: `${engine.name}/${path}` }
}

/** The environment of `p`: this process's, with `p.env` on top (undefined values removed). */
export function envOf(p: EnginePath): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...p.env }
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined))
}

/**
 * Runs `docker ARGS…` with `p`'s CLI and environment, whatever `process.env` holds at the time
 * (so it works in hooks that run after {@link useEnginePath} restored it). Returns stdout.
 * @throws the CLI's error (with stderr) on a non-zero exit.
 */
export async function dockerOn(p: EnginePath, args: string[]): Promise<string> {
  const { stdout } = await run(p.cli, args, { env: envOf(p), maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/**
 * Sets `process.env` to `p`'s variables before the tests of the enclosing `describe` and restores
 * the previous values after them. Call inside a `describe` callback.
 */
export function useEnginePath(p: EnginePath): void {
  const saved: Record<string, string | undefined> = {}
  before(() => {
    for (const [key, value] of Object.entries(p.env)) {
      saved[key] = process.env[key]
      if (value === undefined) Reflect.deleteProperty(process.env, key)
      else process.env[key] = value
    }
  })
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key)
      else process.env[key] = value
    }
  })
}

/** Options of {@link describeEnginePaths}. */
export interface EngineSelection {
  /** Only these engines (default: all). */
  engines?: readonly EngineName[]
  /** Only these build paths (default: every path each engine is tested with). */
  paths?: readonly BuildPath[]
}

/**
 * One `describe(`${title} on ENGINE/PATH`)` per engine and build path, with `process.env` set
 * for it ({@link useEnginePath}). An engine that is missing gets one test in its place that fails
 * under CI and is skipped (with the reason) elsewhere.
 */
export function describeEnginePaths(
  title: string,
  selection: EngineSelection,
  body: (p: EnginePath) => void
): void {
  for (const name of selection.engines ?? ENGINE_NAMES) {
    const found = findEngine(name)
    if (typeof found === 'string') {
      missingEngineTest(`${title} on ${name}`, found)
      continue
    }
    for (const path of found.paths) {
      if (selection.paths && !selection.paths.includes(path)) continue
      const p = enginePath(found, path)
      describe(`${title} on ${p.label}`, () => {
        useEnginePath(p)
        body(p)
      })
    }
  }
}

/** A test standing in for a missing engine: fails in CI, skips elsewhere. */
export function missingEngineTest(title: string, why: string): void {
  if (IN_CI) {
    test(title, () => {
      throw new Error(`engine missing in CI: ${why}`)
    })
  } else {
    test(title, { skip: `engine missing (fails under CI=true): ${why}` }, () => undefined)
  }
}
