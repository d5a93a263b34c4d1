/**
 * The JSON documents of an image layout — OCI index, manifest and config (opencontainers
 * image-spec `image-index.md`, `manifest.md`, `config.md`, `image-layout.md`) and `docker save`'s
 * `manifest.json` (moby `daemon/internal/image/tarexport`) — checked into typed shapes, plus the
 * choice of one manifest from an index. Pure: blobs are fetched through callbacks.
 */
import { createHash } from 'node:crypto'
import type { HistoryEntry } from './history.ts'
import { formatPlatform, platformMatches } from './platform.ts'
import type { Platform } from './platform.ts'

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
} as const

/** A content descriptor: what a blob is, its digest and size in bytes. */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: Platform
  annotations?: Record<string, string>
}

export interface ImageIndex {
  manifests: Descriptor[]
}

export interface ImageManifest {
  mediaType?: string
  config: Descriptor
  layers: Descriptor[]
}

/** An image config (OCI `config.md`; docker's image JSON is a superset), the fields we read. */
export interface ImageConfig {
  architecture: string
  os: string
  variant?: string
  /** The run configuration (`Env`, `Cmd`, `Labels`, …), passed through as written. */
  config?: Record<string, unknown>
  history?: HistoryEntry[]
  rootfs: { type: string; diff_ids: string[] }
}

/** One element of `docker save`'s `manifest.json`. */
export interface DockerSaveManifest {
  Config: string
  RepoTags: string[]
  Layers: string[]
}

/** The annotation an OCI layout uses to tag a manifest (`image-layout.md`). */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name'

const DIGEST_RE = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/

/** `sha256:<hex>` of `data`. */
export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`
}

/** The path of a blob inside an OCI layout: `blobs/<algorithm>/<hex>`. */
export function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':') as [string, string]
  return `blobs/${alg}/${hex}`
}

/** Parses `data` as JSON. @throws Error naming `what` when it is not JSON. */
export function parseJson(data: Buffer, what: string): unknown {
  try {
    return JSON.parse(data.toString('utf8')) as unknown
  } catch (err) {
    throw new Error(`${what} is not valid JSON (${(err as Error).message})`, { cause: err })
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every(x => typeof x === 'string')
}

function asDescriptor(v: unknown, what: string): Descriptor {
  if (!isObject(v)) throw new Error(`${what} is not a descriptor object`)
  const { mediaType, digest, size, platform, annotations } = v
  if (typeof digest !== 'string' || !DIGEST_RE.test(digest)) {
    throw new Error(
      `${what} has an invalid digest ${JSON.stringify(digest)}; expected sha256:<64 hex>`
    )
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new Error(`${what} has an invalid size ${JSON.stringify(size)}; expected a byte count`)
  }
  const d: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size }
  if (
    isObject(platform) &&
    typeof platform.os === 'string' &&
    typeof platform.architecture === 'string'
  ) {
    d.platform = { os: platform.os, architecture: platform.architecture }
    if (typeof platform.variant === 'string' && platform.variant !== '') {
      d.platform.variant = platform.variant
    }
  }
  if (isObject(annotations)) {
    d.annotations = Object.fromEntries(
      Object.entries(annotations).filter((e): e is [string, string] => typeof e[1] === 'string')
    )
  }
  return d
}

/** Checks an OCI image index (or Docker manifest list). @throws Error naming `what`. */
export function asIndex(v: unknown, what: string): ImageIndex {
  if (!isObject(v) || !Array.isArray(v.manifests)) {
    throw new Error(`${what} is not an image index: it has no "manifests" list`)
  }
  return { manifests: v.manifests.map((m, i) => asDescriptor(m, `${what} manifests[${i}]`)) }
}

/** Checks an image manifest (OCI or Docker schema 2). @throws Error naming `what`. */
export function asManifest(v: unknown, what: string): ImageManifest {
  if (!isObject(v) || !isObject(v.config) || !Array.isArray(v.layers)) {
    throw new Error(`${what} is not an image manifest: it needs "config" and "layers"`)
  }
  const m: ImageManifest = {
    config: asDescriptor(v.config, `${what} config`),
    layers: v.layers.map((l, i) => asDescriptor(l, `${what} layers[${i}]`))
  }
  if (typeof v.mediaType === 'string') m.mediaType = v.mediaType
  return m
}

/** Checks an image config. @throws Error naming `what` when `rootfs.diff_ids`, `os` or `architecture` is missing. */
export function asConfig(v: unknown, what: string): ImageConfig {
  if (!isObject(v)) throw new Error(`${what} is not an image config object`)
  const rootfs = v.rootfs
  // `null` is Go's empty list: BuildKit writes `"diff_ids": null` for an image without layers
  // (`FROM scratch` + metadata, seen with Docker 26.1 on the containerd store).
  const listed = isObject(rootfs) ? rootfs.diff_ids : undefined
  const diffIds = listed === null ? [] : listed
  if (!isObject(rootfs) || !isStringArray(diffIds)) {
    throw new Error(`${what} is not an image config: it has no rootfs.diff_ids list`)
  }
  for (const id of diffIds) {
    if (!DIGEST_RE.test(id))
      throw new Error(`${what} lists an invalid diff ID ${JSON.stringify(id)}`)
  }
  if (typeof v.os !== 'string' || typeof v.architecture !== 'string') {
    throw new Error(`${what} is not an image config: it has no "os" and "architecture"`)
  }
  // Pass the document through (history, config, …): consumers read more than we check.
  return {
    ...(v as object),
    rootfs: { ...rootfs, type: String(rootfs.type ?? 'layers'), diff_ids: diffIds }
  } as ImageConfig
}

/** Checks `docker save`'s `manifest.json`. @throws Error naming `what`. */
export function asDockerSaveManifest(v: unknown, what: string): DockerSaveManifest[] {
  if (!Array.isArray(v)) throw new Error(`${what} is not a list of images`)
  return v.map((e, i) => {
    // `"Layers": null`: an image without layers, saved from the containerd store (Docker 26.1).
    const layers = isObject(e) && e.Layers === null ? [] : isObject(e) ? e.Layers : undefined
    if (!isObject(e) || typeof e.Config !== 'string' || !isStringArray(layers)) {
      throw new Error(`${what}[${i}] needs "Config" (a path) and "Layers" (a list of paths)`)
    }
    return {
      Config: e.Config,
      RepoTags: isStringArray(e.RepoTags) ? e.RepoTags : [],
      Layers: layers
    }
  })
}

/** The platform an image config declares. */
export function configPlatform(c: ImageConfig): Platform {
  return c.variant
    ? { os: c.os, architecture: c.architecture, variant: c.variant }
    : { os: c.os, architecture: c.architecture }
}

/**
 * True for the attestation manifests BuildKit attaches to an index (provenance, SBOM): annotated
 * `vnd.docker.reference.type: attestation-manifest` and labelled platform `unknown/unknown`
 * (moby/buildkit `docs/attestations/attestation-storage.md`).
 */
export function isAttestation(d: Descriptor): boolean {
  return (
    d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown')
  )
}

function isIndexType(mediaType: string): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerList
}

function isManifestType(mediaType: string): boolean {
  return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest
}

/** What {@link selectManifest} needs besides the index. */
export interface SelectOptions {
  /** Keep only top-level entries annotated `org.opencontainers.image.ref.name: tag`. */
  tag?: string
  /** The platform wanted. */
  platform: Platform
  /** True when the user asked for `platform`; false when it is the runner's default. */
  explicit: boolean
  /** Names the layout in errors, e.g. `oci:/tmp/app:v1`. */
  label: string
  /** Reads a nested index by its descriptor. */
  loadIndex: (d: Descriptor) => Promise<ImageIndex>
  /** Reads the platform of a manifest whose descriptor carries none (from its config). */
  loadPlatform: (d: Descriptor) => Promise<Platform>
}

/**
 * Chooses one image manifest from an OCI index: filter by tag, expand nested indexes, drop
 * attestation manifests, then pick by platform. One candidate left is taken as it is unless the
 * platform was asked for explicitly and differs (an `arm64`-only image is still measured on an
 * `amd64` runner); several are narrowed to the wanted platform, which must leave exactly one.
 *
 * @throws Error naming the layout when no manifest carries the tag (listing the tags), when no
 *   manifest is left, when none matches the platform (listing the platforms), or when several
 *   images remain (listing their tags).
 */
export async function selectManifest(index: ImageIndex, opts: SelectOptions): Promise<Descriptor> {
  let top = index.manifests
  if (opts.tag !== undefined) {
    top = top.filter(d => d.annotations?.[REF_NAME_ANNOTATION] === opts.tag)
    if (top.length === 0) {
      const tags = index.manifests
        .map(d => d.annotations?.[REF_NAME_ANNOTATION])
        .filter(t => t !== undefined)
      throw new Error(
        `${opts.label}: no manifest is tagged "${opts.tag}" in index.json; ` +
          `tags present: ${tags.length ? tags.join(', ') : 'none'}`
      )
    }
  }

  const found: Descriptor[] = []
  const seen = new Set<string>()
  const expand = async (list: Descriptor[], depth: number): Promise<void> => {
    for (const d of list) {
      if (isAttestation(d) || seen.has(d.digest)) continue
      seen.add(d.digest)
      if (isIndexType(d.mediaType)) {
        if (depth > 4) throw new Error(`${opts.label}: image indexes nest deeper than 4 levels`)
        await expand((await opts.loadIndex(d)).manifests, depth + 1)
      } else if (isManifestType(d.mediaType) || d.mediaType === '') {
        found.push(d)
      }
    }
  }
  await expand(top, 0)
  if (found.length === 0) {
    throw new Error(
      `${opts.label}: index.json lists no image manifest (attestations and other artifacts are skipped)`
    )
  }

  const candidates: { d: Descriptor; platform: Platform }[] = []
  for (const d of found)
    candidates.push({ d, platform: d.platform ?? (await opts.loadPlatform(d)) })
  const want = formatPlatform(opts.platform)
  const [only] = candidates
  if (only && candidates.length === 1) {
    if (opts.explicit && !platformMatches(opts.platform, only.platform)) {
      throw new Error(`${opts.label}: the image is ${formatPlatform(only.platform)}, not ${want}`)
    }
    return only.d
  }
  const matching = candidates.filter(c => platformMatches(opts.platform, c.platform))
  const [first] = matching
  if (!first) {
    const have = [...new Set(candidates.map(c => formatPlatform(c.platform)))].join(', ')
    throw new Error(`${opts.label}: no manifest for platform ${want}; platforms present: ${have}`)
  }
  if (matching.length > 1) {
    const tags = matching.map(c => c.d.annotations?.[REF_NAME_ANNOTATION] ?? c.d.digest)
    throw new Error(
      `${opts.label}: ${matching.length} images for platform ${want} (${tags.join(', ')}); ` +
        `name one with a :TAG suffix`
    )
  }
  return first.d
}
