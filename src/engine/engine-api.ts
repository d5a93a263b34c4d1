/**
 * The Docker Engine API on the local unix socket, for the image reads and removals a run makes
 * several times (`image inspect`, `image history`, `save`, `image rm`). Each docker CLI start
 * costs 80–200 ms of wall time and ~0.1 CPU-s (Docker 20.10 and 28 CLIs, measured here); a
 * request on the socket costs a few ms. Builds, buildx and the probes stay with the CLI: they need
 * BuildKit sessions, plugins and the CLI's own configuration.
 *
 * The socket is the one the docker CLI would talk to (docker/cli `cli/command/cli.go`
 * `resolveContextName`, `cli/context/docker/load.go`; https://docs.docker.com/engine/manage-resources/contexts/):
 * `DOCKER_HOST` first; else the context named by `DOCKER_CONTEXT`, else by `currentContext` in
 * `$DOCKER_CONFIG/config.json`; the `default` context is `unix:///var/run/docker.sock`, another
 * context's host is in `$DOCKER_CONFIG/contexts/meta/<sha256 of its name>/meta.json`. Only
 * `unix://` hosts are used (TCP with TLS, SSH and npipe stay with the CLI), and only once the
 * daemon answering there is the one the CLI reached: the same `ID` in `GET /info` as in
 * `docker info` ({@link probeApi}).
 *
 * Paths carry no API version: the daemon serves its own (newest) version, which is what the CLI
 * negotiates with it too.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { request, type IncomingMessage } from 'node:http'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The CLI's default endpoint (docker/cli `opts/hosts.go` `DefaultUnixSocket`). */
export const DEFAULT_SOCKET = '/var/run/docker.sock'

/**
 * The docker CLI's configuration directory: `DOCKER_CONFIG`, else `~/.docker` (docker/cli
 * `cli/config/config.go` `Dir`; `HOME` as `env` has it). Pure.
 */
export function dockerConfigDir(env: Record<string, string | undefined> = process.env): string {
  return env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker')
}

/** What decides the CLI's endpoint, read from the environment and the CLI's configuration. */
export interface EndpointSettings {
  /** `DOCKER_HOST`, if set and not empty. */
  dockerHost?: string
  /** `DOCKER_CONTEXT`, if set and not empty. */
  dockerContext?: string
  /** `currentContext` of `config.json`, if set. */
  currentContext?: string
  /** The docker endpoint's `Host` in the current (non-default) context's `meta.json`. */
  contextHost?: string
}

/**
 * The unix socket the docker CLI talks to, from {@link EndpointSettings}; undefined when it talks
 * to something else (TCP, SSH, npipe) or the context's host is unknown. Pure.
 *
 * Precedence as in docker/cli `resolveContextName`: `DOCKER_HOST` wins over `DOCKER_CONTEXT`,
 * which wins over `currentContext`; the `default` context is `DOCKER_HOST` or the default socket.
 */
export function socketOf(settings: EndpointSettings): string | undefined {
  const context = settings.dockerContext ?? settings.currentContext ?? 'default'
  const host =
    settings.dockerHost ??
    (context === 'default' ? `unix://${DEFAULT_SOCKET}` : settings.contextHost)
  if (host === undefined || !host.startsWith('unix://')) return undefined
  const path = host.slice('unix://'.length)
  return path.startsWith('/') ? path : undefined
}

/**
 * Reads {@link EndpointSettings} the way the docker CLI does: the environment, `config.json` in
 * `DOCKER_CONFIG` (default `~/.docker`) and, for a context other than `default`, its `meta.json`.
 * Never throws: a missing or unreadable file counts as absent (the CLI's answer decides anyway,
 * see {@link probeApi}).
 */
export async function endpointSettings(
  env: Record<string, string | undefined>
): Promise<EndpointSettings> {
  const nonEmpty = (v: string | undefined): string | undefined => (v ? v : undefined)
  const settings: EndpointSettings = {}
  const dockerHost = nonEmpty(env['DOCKER_HOST'])
  if (dockerHost) return { dockerHost }
  const dockerContext = nonEmpty(env['DOCKER_CONTEXT'])
  if (dockerContext) settings.dockerContext = dockerContext
  const configDir = dockerConfigDir(env)
  const json = async (path: string): Promise<Record<string, unknown>> => {
    try {
      const value: unknown = JSON.parse(await readFile(path, 'utf8'))
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }
  if (!dockerContext) {
    const current = (await json(join(configDir, 'config.json')))['currentContext']
    if (typeof current === 'string' && current) settings.currentContext = current
  }
  const context = settings.dockerContext ?? settings.currentContext
  if (context && context !== 'default') {
    // docker/cli `cli/context/store/metadatastore.go`: the directory is the name's SHA-256.
    const dir = createHash('sha256').update(context).digest('hex')
    const meta = await json(join(configDir, 'contexts', 'meta', dir, 'meta.json'))
    const endpoints = meta['Endpoints'] as Record<string, { Host?: unknown }> | undefined
    const host = endpoints?.['docker']?.Host
    if (typeof host === 'string' && host) settings.contextHost = host
  }
  return settings
}

/** What an API request returned: the HTTP status and the body as text. */
export interface ApiAnswer {
  status: number
  body: string
}

/** The daemon's error text in an answer: `{"message": "…"}`, else the body, else the status. */
export function apiMessage(answer: ApiAnswer): string {
  try {
    const value = JSON.parse(answer.body) as { message?: unknown }
    if (typeof value.message === 'string' && value.message) return value.message
  } catch {
    // not JSON
  }
  return answer.body.trim() || `HTTP ${answer.status}`
}

/** A reference as a URL path: each `/`-separated part percent-encoded (`:` and `@` included). */
export function refPath(ref: string): string {
  return ref.split('/').map(encodeURIComponent).join('/')
}

/**
 * Sends one request on the socket and resolves when its response has begun.
 * @throws Error naming the socket when it cannot be reached.
 */
function send(socket: string, method: string, path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method, path, headers: { host: 'docker' } }, resolve)
    req.on('error', error =>
      reject(
        new Error(`Docker Engine API on ${socket}: ${method} ${path}: ${error.message}`, {
          cause: error
        })
      )
    )
    req.end()
  })
}

/**
 * `METHOD path` on the socket, the whole body read as text (for JSON answers, which are small).
 * @throws Error naming the socket when it cannot be reached or the answer breaks off.
 */
export async function apiRequest(socket: string, method: string, path: string): Promise<ApiAnswer> {
  const res = await send(socket, method, path)
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }
}

/**
 * `GET path` on the socket as a stream (e.g. `/images/get?names=…`, the tar `docker save` writes:
 * the CLI only copies this body to its standard output).
 * @returns the response body, once the status is 200.
 * @throws Error with the daemon's message (and `status`) for another status; Error naming the
 *   socket when it cannot be reached.
 */
export async function apiStream(socket: string, path: string): Promise<IncomingMessage> {
  const res = await send(socket, 'GET', path)
  if (res.statusCode === 200) return res
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  const answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }
  throw Object.assign(new Error(apiMessage(answer)), { status: answer.status })
}

/**
 * The socket to use for the API, when the daemon on it is the one `docker info` described:
 * `GET /info` there returns the same `ID` (a daemon's identity: a UUID on Docker 23+, a key ID
 * before). Undefined otherwise — another endpoint, no socket, no ID to compare — and the CLI is
 * used for everything.
 *
 * @param env the environment the docker CLI runs with.
 * @param cliId `ID` from `docker info`, once it answered.
 */
export async function probeApi(
  env: Record<string, string | undefined>,
  cliId: Promise<string | undefined>
): Promise<string | undefined> {
  const socket = socketOf(await endpointSettings(env))
  if (!socket) return undefined
  const answer = await apiRequest(socket, 'GET', '/info').catch(() => undefined)
  let apiId: unknown
  try {
    apiId = answer?.status === 200 ? (JSON.parse(answer.body) as { ID?: unknown }).ID : undefined
  } catch {
    apiId = undefined
  }
  const id = await cliId
  return typeof apiId === 'string' && apiId !== '' && apiId === id ? socket : undefined
}
