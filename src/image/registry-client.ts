/**
 * A small read-only client of the OCI distribution API: resolve an image reference to the image
 * manifest of one platform and return its layer descriptors, whose sizes are the exact compressed
 * (pull) sizes; fetch manifests, configs and layer blobs (streamed) for the registry image reader
 * (`./registry-image.ts`). Anonymous, or with the credentials `docker login` stored in the docker
 * CLI's config (`auths`; credential helpers are not run). Shared by `baseline-image` (`src/baseline/registry.ts` re-exports it) and the
 * `image` / `builder-image` inputs.
 *
 * Sources: OCI distribution-spec `spec.md` (GET `/v2/<name>/manifests/<reference>`, Accept),
 * OCI image-spec `image-index.md` / `manifest.md` (descriptors, platform), the Docker token
 * spec (distribution `docs/spec/auth/token.md`: `WWW-Authenticate: Bearer realm,service,scope`,
 * token response `token` / `access_token`), distribution/reference `normalize.go` (docker.io and
 * `library/`, via `@swimlane/docker-reference`, a port of it). Index entries are chosen the way
 * OCI layouts are (`selectManifest` of `src/image/oci.ts`: attestations skipped, containerd's
 * platform normalisation), so both paths agree on what "the platform being measured" is.
 *
 * Why not `@snyk/docker-registry-v2-client`: it matches an index entry's variant exactly, so
 * `linux/arm64` never matches entries written `linux/arm64/v8` (and the reverse), and it leaves
 * the Docker Hub name rules to the caller; what this module needs is a few GETs.
 */
import { parseFamiliarName } from '@swimlane/docker-reference'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  MediaType,
  asConfig,
  asIndex,
  asManifest,
  configPlatform,
  selectManifest,
  sha256
} from './oci.ts'
import { dockerConfigDir } from '../engine/engine-api.ts'
import { type Platform, formatPlatform, parsePlatform } from './platform.ts'

const INDEX_TYPES: string[] = [MediaType.ociIndex, MediaType.dockerList]
const MANIFEST_TYPES: string[] = [MediaType.ociManifest, MediaType.dockerManifest]
const ACCEPT = [...MANIFEST_TYPES, ...INDEX_TYPES].join(', ')

/** Registries SHOULD accept manifests up to 4 MiB (distribution-spec); larger is refused. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
const DEFAULT_TIMEOUT_MS = 30_000
/** Attempts per request on 429 and 5xx (with the server's `retry-after`, capped). */
const ATTEMPTS = 3
const MAX_RETRY_WAIT_MS = 10_000

/** A blob descriptor as the manifest lists it. */
export interface RegistryDescriptor {
  /** `sha256:…` digest of the blob as stored (compressed for layers). */
  digest: string
  /** Bytes of the blob: for a layer, its compressed (pull) size. */
  size: number
  mediaType: string
}

/** What {@link fetchRegistryManifest} returns: the image manifest of one platform. */
export interface RegistryManifest {
  /** `sha256:…` digest of the image manifest (the platform's, not the index's). */
  digest: string
  /** The manifest's media type (OCI or Docker schema 2). */
  mediaType: string
  /** Digest of the index the reference resolved through; absent when it named a manifest. */
  indexDigest?: string
  /** `os/architecture[/variant]` of the index entry chosen; absent without an index. */
  platform?: string
  /** The config blob (its digest is the image ID in the classic store). */
  config: { digest: string; size: number }
  /** Layer blobs in rootfs order: `layers[k]` is `rootfs.diff_ids[k]` compressed. */
  layers: RegistryDescriptor[]
}

/** Options of {@link fetchRegistryManifest}. */
export interface RegistryOptions {
  /** The platform to resolve an index to: `os/architecture[/variant]`, e.g. `linux/amd64`. */
  platform: string
  /**
   * Registry hosts (`host` or `host:port`) spoken to over plain HTTP. Loopback hosts
   * (`localhost`, `127.0.0.0/8`) always are, as dockerd treats them as insecure by default; every
   * other host uses HTTPS. (IPv6 literals such as `[::1]:5000` are not valid references for the
   * reference parser used here.)
   */
  insecureHosts?: string[]
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number
}

/** An image reference split the way the distribution API addresses it. */
export interface RegistryRef {
  /** The registry as written or implied: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string
  /** The host the API lives on: `registry-1.docker.io` for Docker Hub, else `registry`. */
  apiHost: string
  /** Repository path, `library/` added for official Docker Hub images: `library/busybox`. */
  repository: string
  /** A tag (`latest` when none) or a digest (preferred when both are given). */
  reference: string
  scheme: 'https' | 'http'
}

/**
 * Splits an image reference (`busybox`, `ghcr.io/o/app:1.2`, `127.0.0.1:5000/x/y@sha256:…`) with
 * the docker CLI's rules (distribution/reference `ParseNormalizedNamed`): no registry → `docker.io`;
 * a one-part Docker Hub name gets `library/`; Docker Hub's API host is `registry-1.docker.io`.
 *
 * @param insecureHosts hosts (`host` or `host:port`) to reach over HTTP besides loopback ones.
 * @throws Error naming `ref` when it is not a valid reference (upper case, bad characters, an
 *   image ID without a name).
 */
export function parseRegistryRef(ref: string, insecureHosts: string[] = []): RegistryRef {
  let parsed
  try {
    parsed = parseFamiliarName(ref.trim())
  } catch (error) {
    throw new Error(
      `image reference "${ref}" is not valid (${(error as Error).message}): expected [registry/]name[:tag][@digest]`,
      { cause: error }
    )
  }
  const registry = parsed.domain || 'docker.io'
  const repository = parsed.repository
  if (!repository) {
    throw new Error(`image reference "${ref}" has no repository name`)
  }
  const apiHost =
    registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry
  const hostname = hostOf(registry)
  const insecure = isLoopback(hostname) || insecureHosts.some(h => h === registry || h === hostname)
  return {
    registry,
    apiHost,
    repository,
    reference: parsed.digest ?? parsed.tag ?? 'latest',
    scheme: insecure ? 'http' : 'https'
  }
}

/** `host:port` → `host`. */
function hostOf(registry: string): string {
  return registry.replace(/:\d+$/, '')
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/**
 * Resolves `ref` in its registry to the image manifest for `opts.platform` (following an index or
 * manifest list, attestation entries skipped) and returns its config and layer descriptors.
 * Anonymous: a `401` with a `Bearer` challenge is answered with an anonymous token from the
 * challenge's realm (service and scope passed on); 429 and 5xx are retried up to 3 times.
 * Manifests fetched by digest are verified against it.
 *
 * Compressed image size = Σ `layers[].size` (the config blob excluded, as regctl counts; the crane
 * recipe adds the config — see `src/model.ts` `CompressedSize`).
 *
 * @throws Error naming `ref` and the registry on: an invalid reference, no answer (with the URL),
 *   `401` without a Bearer challenge or a refused token (credentials needed), `404` (no such
 *   image or tag), any other HTTP error (status and the registry's error codes), a body that is
 *   not a manifest, a schema 1 manifest, no manifest for the platform, a digest mismatch.
 */
export async function fetchRegistryManifest(
  ref: string,
  opts: RegistryOptions
): Promise<RegistryManifest> {
  const session = openRegistrySession(ref, opts)
  const { target } = session
  const want: Platform = parsePlatform(opts.platform, 'platform')
  const label = `image ${ref} (registry ${target.registry})`
  let doc = await getManifest(session, target.reference)
  let indexDigest: string | undefined
  let platform: string | undefined
  if (INDEX_TYPES.includes(doc.mediaType)) {
    indexDigest = doc.digest
    const index = checked(session, () => asIndex(doc.body, `the index ${doc.digest}`))
    // Errors of selectManifest start with `label`, like refError's.
    const chosen = await selectManifest(index, {
      platform: want,
      explicit: true,
      label,
      loadIndex: async d => loadIndex(session, d),
      loadPlatform: async d => loadPlatform(session, d)
    })
    if (chosen.platform) platform = formatPlatform(chosen.platform)
    doc = await getManifest(session, chosen.digest)
  }
  if (!MANIFEST_TYPES.includes(doc.mediaType)) {
    throw refError(
      session,
      /v1\+prettyjws|manifest\.v1\+json/.test(doc.mediaType)
        ? 'the registry serves a Docker schema 1 manifest, which is not supported'
        : `unexpected manifest media type "${doc.mediaType}"`
    )
  }
  const manifest = checked(session, () => asManifest(doc.body, `the manifest ${doc.digest}`))
  return {
    digest: doc.digest,
    mediaType: doc.mediaType,
    ...(indexDigest ? { indexDigest } : {}),
    ...(platform ? { platform } : {}),
    config: { digest: manifest.config.digest, size: manifest.config.size },
    layers: manifest.layers.map(l => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }))
  }
}

/**
 * The image config of `ref` for `opts.platform` from its registry (the manifest as
 * {@link fetchRegistryManifest} resolves it, then the config blob, digest-checked): e.g. a base
 * image's `rootfs.diff_ids` when the engine holds no copy of it.
 * @throws Error as {@link fetchRegistryManifest} does, and when the config is malformed.
 */
export async function fetchRegistryConfig(
  ref: string,
  opts: RegistryOptions
): Promise<ImageConfig> {
  const manifest = await fetchRegistryManifest(ref, opts)
  const session = openRegistrySession(ref, opts)
  const digest = manifest.config.digest
  const bytes = await fetchBlob(session, digest, MAX_MANIFEST_BYTES)
  return checked(session, () =>
    asConfig(parseJson(session, bytes, blobUrl(session, digest)), `the config ${digest}`)
  )
}

/** Runs a shape check, prefixing its error with the image and registry. */
function checked<T>(session: Session, check: () => T): T {
  try {
    return check()
  } catch (error) {
    throw refError(session, (error as Error).message)
  }
}

async function loadIndex(session: Session, d: Descriptor): Promise<ImageIndex> {
  const doc = await getManifest(session, d.digest)
  return checked(session, () => asIndex(doc.body, `the index ${d.digest}`))
}

/** The platform of a manifest whose index entry names none: from its config blob. */
async function loadPlatform(session: Session, d: Descriptor): Promise<Platform> {
  const doc = await getManifest(session, d.digest)
  const manifest = checked(session, () => asManifest(doc.body, `the manifest ${d.digest}`))
  const digest = manifest.config.digest
  const url = blobUrl(session, digest)
  const bytes = await fetchBlob(session, digest, MAX_MANIFEST_BYTES)
  return checked(session, () =>
    configPlatform(asConfig(parseJson(session, bytes, url), `the config ${digest}`))
  )
}

function parseJson(session: Session, bytes: Buffer, url: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch {
    throw refError(session, `${url} did not return JSON`)
  }
}

/** One repository of a registry being read: its reference, and the pull token once granted. */
export interface RegistrySession {
  target: RegistryRef
  /** The image reference as the user wrote it, for messages. */
  ref: string
  timeoutMs: number
  token?: string
  /**
   * `user:password` for this registry from the docker CLI's config (`docker login`), read on the
   * first 401; null when there is none. Never logged, never in a message.
   */
  basic?: string | null
}
type Session = RegistrySession

/** A manifest or index as the registry served it. */
export interface ManifestDocument {
  /** From the document's `mediaType`, else the `Content-Type` header, else its shape. */
  mediaType: string
  /** `sha256:` of the bytes served (verified when fetched by digest). */
  digest: string
  body: Record<string, unknown>
  bytes: Buffer
}
type ManifestDoc = ManifestDocument

/**
 * A session for `ref` (see {@link parseRegistryRef}); nothing is sent yet.
 * @throws Error naming `ref` when it is not a valid reference.
 */
export function openRegistrySession(
  ref: string,
  opts: Pick<RegistryOptions, 'insecureHosts' | 'timeoutMs'> = {}
): RegistrySession {
  return {
    target: parseRegistryRef(ref, opts.insecureHosts),
    ref,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }
}

/**
 * GET `/v2/<repository>/manifests/<reference>` (a tag or a digest; a digest is verified).
 * @throws Error naming the image and registry as {@link fetchRegistryManifest} does.
 */
export async function fetchManifestDocument(
  session: RegistrySession,
  reference: string
): Promise<ManifestDocument> {
  return getManifest(session, reference)
}

/**
 * GET `/v2/<repository>/blobs/<digest>` in full (a config), at most `maxBytes`, checked against
 * `digest`.
 * @throws Error naming the image and registry when the request fails, the blob is larger than
 *   `maxBytes`, or its sha256 is not `digest`.
 */
export async function fetchBlob(
  session: RegistrySession,
  digest: string,
  maxBytes: number
): Promise<Buffer> {
  const bytes = await readLimited(
    session,
    await request(session, blobUrl(session, digest)),
    maxBytes
  )
  if (digest.startsWith('sha256:') && sha256(bytes) !== digest) {
    throw refError(
      session,
      `the blob ${digest} does not match its digest (sha256 ${sha256(bytes)})`
    )
  }
  return bytes
}

/**
 * GET `/v2/<repository>/blobs/<digest>` as a stream (a layer; redirects to storage followed, the
 * token not sent to another origin). The caller checks the digest while reading.
 * @throws Error naming the image and registry when the request fails.
 */
export async function openBlob(
  session: RegistrySession,
  digest: string
): Promise<ReadableStream<Uint8Array>> {
  const response = await request(session, blobUrl(session, digest))
  if (!response.body) throw refError(session, `the blob ${digest} came without a body`)
  return response.body
}

function blobUrl(session: RegistrySession, digest: string): string {
  const { target } = session
  return `${target.scheme}://${target.apiHost}/v2/${target.repository}/blobs/${digest}`
}

function refError(session: Session, message: string): Error {
  return new Error(`image ${session.ref} (registry ${session.target.registry}): ${message}`)
}

async function getManifest(session: Session, reference: string): Promise<ManifestDoc> {
  const { target } = session
  const url = `${target.scheme}://${target.apiHost}/v2/${target.repository}/manifests/${reference}`
  const response = await request(session, url)
  const bytes = await readLimited(session, response, MAX_MANIFEST_BYTES)
  const digest = sha256(bytes)
  if (reference.startsWith('sha256:') && reference !== digest) {
    throw refError(session, `the manifest fetched by digest ${reference} hashes to ${digest}`)
  }
  const body = parseJson(session, bytes, url)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw refError(session, `${url} did not return a manifest object`)
  }
  const record = body as Record<string, unknown>
  const header = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''
  const mediaType =
    typeof record['mediaType'] === 'string' && record['mediaType']
      ? record['mediaType']
      : header || (Array.isArray(record['manifests']) ? MediaType.ociIndex : MediaType.ociManifest)
  return { mediaType, digest, body: record, bytes }
}

async function readLimited(
  session: Session,
  response: Response,
  max: number,
  what = 'the manifest'
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > max) {
    await response.body?.cancel()
    throw refError(session, `${what} is ${declared} bytes, more than the ${max} accepted`)
  }
  const bytes = Buffer.from(await response.arrayBuffer())
  if (bytes.length > max) {
    throw refError(session, `${what} is ${bytes.length} bytes, more than the ${max} accepted`)
  }
  return bytes
}

/** GET with the session's token; answers one Bearer challenge; retries 429/5xx. */
async function request(session: Session, url: string): Promise<Response> {
  let challenged = false
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { Accept: ACCEPT }
    if (session.token) headers['Authorization'] = `Bearer ${session.token}`
    else if (session.basic) headers['Authorization'] = `Basic ${session.basic}`
    const response = await send(session, url, headers)
    if (response.ok) return response
    if (response.status === 401 && !challenged) {
      await response.body?.cancel()
      challenged = true
      if (session.basic === undefined) session.basic = await dockerLogin(session.target.registry)
      const header = response.headers.get('www-authenticate')
      // A registry with Basic auth (no token service) takes the login itself.
      if (!(session.basic && /^\s*Basic\b/i.test(header ?? ''))) {
        session.token = await anonymousToken(session, header)
      }
      attempt--
      continue
    }
    if ((response.status === 429 || response.status >= 500) && attempt < ATTEMPTS) {
      await response.body?.cancel()
      await sleep(retryWait(response.headers.get('retry-after'), attempt))
      continue
    }
    throw await httpError(session, url, response)
  }
}

async function send(
  session: Session,
  url: string,
  headers: Record<string, string>
): Promise<Response> {
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(session.timeoutMs) })
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message
    throw refError(session, `no answer from ${url} (${cause})`)
  }
}

/**
 * The error for a failed response, with the registry's error codes when its body is the spec's
 * `{"errors":[{"code","message"}]}` (read up to 64 kB, codes only: the text is the registry's).
 */
async function httpError(session: Session, url: string, response: Response): Promise<Error> {
  let codes = ''
  try {
    const text = (await readLimited(session, response, 64 * 1024)).toString('utf8')
    const errors = (JSON.parse(text) as { errors?: { code?: unknown }[] }).errors
    const list = Array.isArray(errors)
      ? errors
          .map(e => e?.code)
          .filter((c): c is string => typeof c === 'string' && /^[A-Z_]{1,64}$/.test(c))
      : []
    if (list.length) codes = ` ${list.slice(0, 5).join(', ')}`
  } catch {
    // No usable error body: the status says enough.
  }
  const status = `HTTP ${response.status}${codes} from ${url}`
  if (response.status === 404)
    return refError(session, `not found (${status}): check the name and tag`)
  if (response.status === 401 || response.status === 403) {
    return refError(
      session,
      `access denied (${status}): the image needs credentials: log in before this step (docker/login-action, docker login ${session.target.registry}; the login in the docker CLI's config.json is used, credential helpers are not), docker pull it and name the local image, or make it public`
    )
  }
  return refError(session, status)
}

/** Seconds or an HTTP date in `retry-after`, else 1 s, 2 s; capped at 10 s. */
function retryWait(retryAfter: string | null, attempt: number): number {
  let ms = attempt * 1000
  if (retryAfter) {
    const seconds = Number(retryAfter)
    ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now()
    if (!Number.isFinite(ms) || ms < 0) ms = attempt * 1000
  }
  return Math.min(ms, MAX_RETRY_WAIT_MS)
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** A parsed `WWW-Authenticate: Bearer …` challenge. */
export interface BearerChallenge {
  realm: string
  service?: string
  scope?: string
}

/**
 * Parses the Bearer challenge of a `WWW-Authenticate` header (RFC 6750 §3, quoted or token
 * values): `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"`.
 * Undefined when the header holds no Bearer challenge with a realm (e.g. `Basic realm=…`).
 */
export function parseBearerChallenge(header: string | null): BearerChallenge | undefined {
  if (!header) return undefined
  const start = /(?:^|[\s,])Bearer\s+/i.exec(header)
  if (!start) return undefined
  const params: Record<string, string> = {}
  const rest = header.slice(start.index + start[0].length)
  const param = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(?:,|$)/y
  let m: RegExpExecArray | null
  while ((m = param.exec(rest)) !== null) {
    const key = (m[1] as string).toLowerCase()
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string)
    if (param.lastIndex >= rest.length) break
  }
  if (!params['realm']) return undefined
  return {
    realm: params['realm'],
    ...(params['service'] !== undefined ? { service: params['service'] } : {}),
    ...(params['scope'] !== undefined ? { scope: params['scope'] } : {})
  }
}

/**
 * The `auth` (base64 `user:password`) the docker CLI's config holds for `registry` (`docker
 * login`, docker/login-action without a credential store): `auths` keyed by the host, by
 * `https://host`, `http://host` or `https://host/v1/`; Docker Hub under
 * `https://index.docker.io/v1/`. Credential helpers (`credsStore`, `credHelpers`) are not run.
 * Pure.
 *
 * @param config the parsed `config.json`
 * @returns the base64 credentials, or undefined
 */
export function configAuth(config: unknown, registry: string): string | undefined {
  if (typeof config !== 'object' || config === null) return undefined
  const auths = (config as { auths?: unknown }).auths
  if (typeof auths !== 'object' || auths === null) return undefined
  const hub = registry === 'docker.io' || registry === 'index.docker.io'
  const keys = hub
    ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io']
    : [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`]
  for (const key of keys) {
    const entry = (auths as Record<string, unknown>)[key]
    const auth = (entry as { auth?: unknown } | undefined)?.auth
    if (typeof auth === 'string' && auth !== '') return auth
  }
  return undefined
}

/** {@link configAuth} from `$DOCKER_CONFIG/config.json` (default `~/.docker`); null when none. */
async function dockerLogin(registry: string): Promise<string | null> {
  const dir = dockerConfigDir()
  try {
    return (
      configAuth(JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')), registry) ?? null
    )
  } catch {
    return null
  }
}

/** Asks the challenge's realm for a pull token (Docker token spec): anonymous, or with the docker login. */
async function anonymousToken(session: Session, header: string | null): Promise<string> {
  const challenge = parseBearerChallenge(header)
  if (!challenge) {
    throw refError(
      session,
      `the registry asks for credentials (${header ? `WWW-Authenticate: ${header.slice(0, 200)}` : 'no Bearer challenge'}): log in before this step (docker login ${session.target.registry})`
    )
  }
  let url: URL
  try {
    url = new URL(challenge.realm)
  } catch {
    throw refError(session, `the token realm "${challenge.realm}" is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refError(session, `the token realm "${challenge.realm}" is not an http(s) URL`)
  }
  if (challenge.service !== undefined) url.searchParams.set('service', challenge.service)
  url.searchParams.set('scope', challenge.scope ?? `repository:${session.target.repository}:pull`)
  const tokenHeaders: Record<string, string> = { Accept: 'application/json' }
  if (session.basic) tokenHeaders['Authorization'] = `Basic ${session.basic}`
  const response = await send(session, url.toString(), tokenHeaders)
  if (!response.ok) {
    await response.body?.cancel()
    throw refError(
      session,
      session.basic
        ? `the token service ${url.origin} refused the docker login for ${session.target.registry} (HTTP ${response.status}): log in again (docker login ${session.target.registry}) with pull access`
        : `the token service ${url.origin} refused an anonymous token (HTTP ${response.status}): the image needs credentials; log in first (docker/login-action, docker login ${session.target.registry})`
    )
  }
  const body = (await readLimited(session, response, 1024 * 1024)).toString('utf8')
  let token: unknown
  try {
    const json = JSON.parse(body) as Record<string, unknown>
    token = json['token'] ?? json['access_token']
  } catch {
    token = undefined
  }
  if (typeof token !== 'string' || !token) {
    throw refError(session, `the token service ${url.origin} returned no token`)
  }
  return token
}
