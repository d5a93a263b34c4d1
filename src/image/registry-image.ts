/**
 * An image read straight from its registry — no `docker pull`, no copy in any engine — through
 * the OCI layout reader (`./layout.ts` `readOciImage`): the registry is presented as a layout
 * whose `index.json` is the reference's manifest (or index), whose small blobs are the manifests
 * and config fetched by digest, and whose layer blobs stream from the registry through the same
 * sink as every other source (`./layer-blob.ts`: digest, diff ID, layer size, entries). So the
 * checks are the layout's (config and manifest digests, each blob's digest and size against its
 * descriptor, diff IDs against the config) and the platform choice is `selectManifest`'s
 * (attestation manifests skipped); compressed sizes are the manifest's blob sizes, exact.
 *
 * Source: OCI distribution-spec `spec.md` (GET manifests and blobs by digest), image-spec
 * `image-layout.md`.
 */
import type { Engine } from '../engine/detect.ts'
import { imageExists } from '../engine/inspect.ts'
import type { Log } from '../log.ts'
import type { Layout } from './layout.ts'
import { type ImageRead, readOciImage } from './layout.ts'
import { type LayerBlob, LayerBlobSink } from './layer-blob.ts'
import { noteBytesRead } from './memory.ts'
import { MediaType } from './oci.ts'
import type { Platform } from './platform.ts'
import {
  type RegistrySession,
  fetchBlob,
  fetchManifestDocument,
  openBlob,
  openRegistrySession
} from './registry-client.ts'
import type { ImageSource } from './source.ts'

/** Configs and manifests above this many bytes are refused (the distribution-spec's 4 MiB). */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

/** Options of {@link readRegistryImage}. */
export interface RegistryImageOptions {
  platform: Platform
  /** True when the platform was asked for; false when it is the runner's default. */
  explicitPlatform: boolean
  /** Estimate the gzip size of layers stored uncompressed (rare in registries). */
  compress: boolean
  /** Collect entries; `'details'`: with file details too (see `LayerBlobOptions`). */
  collectEntries: boolean | 'details'
  /** Registry hosts reached over plain HTTP besides loopback ones. */
  insecureHosts?: string[]
  /** Per-request timeout in milliseconds (default 30 s). */
  timeoutMs?: number
  /** Layer blobs read at once (default 2). */
  concurrency?: number
}

/**
 * Reads `ref` (`[registry/]name[:tag][@digest]`) from its registry: resolves the reference (an
 * index to the platform's manifest, attestations skipped), fetches the config, and streams every
 * layer blob once.
 *
 * @returns the image as every reader returns it; `compressed` is exact (Σ layer blob sizes from
 *   the manifest, config excluded)
 * @throws Error naming the image and registry when the reference is invalid, the registry does
 *   not answer or refuses (credentials, not found), a document is malformed, no manifest is
 *   there for the platform, or a blob does not match its digest, size or diff ID.
 */
export async function readRegistryImage(
  ref: string,
  opts: RegistryImageOptions
): Promise<ImageRead> {
  const session = openRegistrySession(ref, opts)
  const label = `docker://${ref} (registry ${session.target.registry})`
  const top = await fetchManifestDocument(session, session.target.reference)
  const docs = new Map<string, Buffer>([[top.digest, top.bytes]])
  const manifests = new Set<string>()
  const noteManifests = (body: Record<string, unknown>): void => {
    const list = body['manifests']
    if (!Array.isArray(list)) return
    for (const d of list as { digest?: unknown }[]) {
      if (typeof d?.digest === 'string') manifests.add(d.digest)
    }
  }
  // index.json: the reference's own index, or a one-entry index naming its manifest.
  let indexJson: Buffer
  if (Array.isArray(top.body['manifests'])) {
    indexJson = top.bytes
    noteManifests(top.body)
  } else {
    const mediaType = top.mediaType || MediaType.ociManifest
    indexJson = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ mediaType, digest: top.digest, size: top.bytes.length }]
      })
    )
  }

  const layout: Layout = {
    label,
    readFile: async path => {
      if (path === 'index.json') return indexJson
      const digest = digestOfPath(path)
      if (!digest) return undefined
      const known = docs.get(digest)
      if (known) return known
      if (manifests.has(digest)) {
        const doc = await fetchManifestDocument(session, digest)
        noteManifests(doc.body)
        docs.set(digest, doc.bytes)
        return doc.bytes
      }
      return fetchBlob(session, digest, MAX_DOCUMENT_BYTES)
    },
    layers: async paths => {
      const out = new Map<string, LayerBlob>()
      const queue = [...paths]
      const worker = async (): Promise<void> => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          out.set(path, await readLayer(session, label, path, opts))
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker))
      return out
    }
  }
  return readOciImage(layout, {
    platform: opts.platform,
    explicitPlatform: opts.explicitPlatform,
    compress: opts.compress,
    collectEntries: opts.collectEntries
  })
}

/** `blobs/sha256/<hex>` → `sha256:<hex>`; undefined for any other path. */
function digestOfPath(path: string): string | undefined {
  const m = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(path)
  return m ? `${m[1]}:${m[2]}` : undefined
}

/** Streams one layer blob from the registry into a {@link LayerBlobSink}. */
async function readLayer(
  session: RegistrySession,
  label: string,
  path: string,
  opts: RegistryImageOptions
): Promise<LayerBlob> {
  const digest = digestOfPath(path)
  if (!digest) throw new Error(`${label}: ${path} is not a blob path`)
  const sink = new LayerBlobSink({
    collectEntries: opts.collectEntries,
    estimate: opts.compress ? {} : false,
    label: `${label} ${digest}`
  })
  const body = await openBlob(session, digest)
  try {
    for await (const chunk of body) {
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      noteBytesRead(buffer.length)
      await sink.write(buffer)
    }
  } catch (err) {
    sink.destroy(err as Error)
    throw new Error(
      `${label}: reading the layer blob ${digest} failed: ${(err as Error).message}`,
      {
        cause: err
      }
    )
  }
  return sink.end()
}

/**
 * The source to read for an `image` / `builder-image` input: a plain reference (not written
 * `docker-daemon:`) that the local engine does not hold is read from its registry instead
 * (`docker://REF`), with no pull and no copy in the engine; an image ID stays with the engine.
 * Every other source is returned as it is.
 *
 * @param engine the engine, when one was detected; without one a plain reference is read from
 *   its registry.
 * @throws Error when the engine fails for another reason than a missing image.
 */
export async function resolveImageSource(
  source: ImageSource,
  engine: Pick<Engine, 'docker' | 'env'> | undefined,
  inputName: string,
  log: Log
): Promise<ImageSource> {
  if (source.transport !== 'docker-daemon' || source.explicit) return source
  if (/^(sha256:)?[0-9a-f]{12,64}$/.test(source.ref)) return source
  if (engine && (await imageExists(engine, source.ref))) return source
  log.info(
    `${inputName}: ${source.ref} is not in the local engine; reading it from its registry (docker://${source.ref}), without a pull.`
  )
  return { transport: 'docker', ref: source.ref }
}
