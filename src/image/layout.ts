/**
 * From an image layout — an archive read in one pass (`./archive.ts`) or an OCI layout directory
 * — to one image: choose the manifest, read the config, take the layers in manifest order,
 * verify what can be verified cheaply, and add up the compressed size.
 *
 * Checks (a mismatch is an error, never a number): the config's sha256 against its name or
 * descriptor; each layer's diff ID (sha256 of its uncompressed tar, computed while streaming)
 * against the config's `rootfs.diff_ids`; each blob's sha256 and size against its descriptor (or
 * its `blobs/sha256/<hex>` name); the layer count against `rootfs.diff_ids`.
 */
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { CompressedSize, LayerEntry } from '../model.ts'
import type { ArchiveContents } from './archive.ts'
import { resolveLink } from './archive.ts'
import type { LayerBlob, LayerBlobOptions } from './layer-blob.ts'
import { LayerBlobSink, sniffBlob } from './layer-blob.ts'
import { noteBytesRead } from './memory.ts'
import {
  asConfig,
  asDockerSaveManifest,
  asIndex,
  asManifest,
  blobPath,
  configPlatform,
  parseJson,
  selectManifest,
  sha256
} from './oci.ts'
import type { Descriptor, DockerSaveManifest, ImageConfig } from './oci.ts'
import { formatPlatform, platformMatches } from './platform.ts'
import type { Platform } from './platform.ts'

/** One layer of an image read, in manifest (rootfs) order. */
export interface LayerRead {
  /** `sha256:` of the uncompressed layer tar, verified against the config's `rootfs.diff_ids`. */
  diffId: string
  /** Bytes as the engine counts the layer (moby `directory.Size`; from `scanLayer`). */
  size: number
  /** Bytes of the uncompressed layer tar. */
  tarBytes: number
  /** Paths in the layer that are not directories or whiteouts. */
  fileCount: number
  /** How the blob is stored: `tar` (uncompressed), `gzip` or `zstd`. */
  compression: 'tar' | 'gzip' | 'zstd'
  /** The blob's digest, when the layout names blobs by digest (OCI layouts), `sha256:…`. */
  digest?: string
  /**
   * Compressed bytes: the blob's size for gzip/zstd blobs (exact); the push-size estimate for an
   * uncompressed blob when compression was asked for; absent otherwise.
   */
  compressedSize?: number
  /** The descriptor's media type, when an OCI manifest describes the layer. */
  mediaType?: string
}

/** One image as read from a layout. */
export interface ImageRead {
  /** Image ID: `sha256:` of the config blob. */
  id: string
  /** `os/architecture[/variant]` from the config, e.g. `linux/amd64`. */
  platform: string
  config: ImageConfig
  /** Layers in manifest order; a layer repeated in the manifest appears once per occurrence. */
  layers: LayerRead[]
  /**
   * Compressed (pull) size: Σ layer blob sizes, config blob excluded — as regctl counts it
   * (layers only); crane's recipe adds the config blob (a few KiB). `exact` when every layer is
   * a compressed blob (OCI layouts, containerd-store saves); otherwise, when compression was
   * asked for, uncompressed layers count their push-size estimate and `exact` is false. Absent
   * when there is no exact figure and none was asked for.
   */
  compressed?: CompressedSize
  /** Each layer's entries, in manifest order; with `collectEntries` only. */
  entries?: LayerEntry[][]
}

/** Access to the files of a layout, wherever it lives. */
export interface Layout {
  /** Names the layout in errors, e.g. `oci:/tmp/app:v1`. */
  label: string
  /** A small file's bytes; undefined when the layout has no such file. */
  readFile(path: string): Promise<Buffer | undefined>
  /**
   * Reads the layer blobs at `paths` (distinct), each at most once.
   * @throws Error naming the layout and path when one is missing or is not a readable layer.
   */
  layers(paths: string[]): Promise<Map<string, LayerBlob>>
}

/** A layout already read in one pass (`readLayoutArchive`). */
export function archiveLayout(label: string, contents: ArchiveContents): Layout {
  return {
    label,
    readFile: async path => contents.files.get(resolveLink(contents, path)),
    layers: async paths => {
      const out = new Map<string, LayerBlob>()
      for (const path of paths) {
        const real = resolveLink(contents, path)
        const blob = contents.blobs.get(real)
        if (blob instanceof Error) throw blob
        if (blob) {
          out.set(path, blob)
          continue
        }
        const file = contents.files.get(real)
        if (file) {
          if (file.length === 0)
            throw new Error(`${label}: the layer blob ${path} is empty (0 bytes)`)
          throw notATar(label, path, file)
        }
        const other = contents.others.get(real)
        if (other !== undefined) {
          throw new Error(
            `${label}: the layer blob ${path} is not a tar archive, nor a gzip- or zstd-compressed one (it starts with ${other})`
          )
        }
        throw new Error(
          `${label}: the manifest names the layer blob ${path}, which is not in the archive`
        )
      }
      return out
    }
  }
}

function notATar(label: string, path: string, head: Buffer): Error {
  const hex = [...head.subarray(0, 8)].map(b => b.toString(16).padStart(2, '0')).join(' ')
  const kind = sniffBlob(head)
  return new Error(
    `${label}: the layer blob ${path} is not a tar archive, nor a gzip- or zstd-compressed one ` +
      `(${kind === 'unknown' ? `it starts with ${hex}` : 'it is too short'})`
  )
}

/** Options of {@link directoryLayout}. */
export interface DirectoryOptions {
  blob: Omit<LayerBlobOptions, 'label'>
  /** Layer blobs read at once (default 2: decompression runs beside the tar scan). */
  concurrency?: number
}

/** An OCI layout directory on disk; blobs are streamed from their files. */
export function directoryLayout(label: string, dir: string, opts: DirectoryOptions): Layout {
  const readOne = async (path: string): Promise<LayerBlob> => {
    const file = join(dir, path)
    const st = await stat(file).catch(() => undefined)
    if (!st?.isFile())
      throw new Error(
        `${label}: the manifest names the layer blob ${path}, which is not in the layout`
      )
    const sink = new LayerBlobSink({ ...opts.blob, label: `${label} ${path}` })
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
        noteBytesRead((chunk as Buffer).length)
        await sink.write(chunk as Buffer)
      }
    } catch (err) {
      sink.destroy(err as Error)
      throw new Error(`${label}: cannot read ${path}: ${(err as Error).message}`, { cause: err })
    }
    return sink.end()
  }
  return {
    label,
    readFile: async path => {
      const file = join(dir, path)
      const st = await stat(file).catch(() => undefined)
      if (!st?.isFile()) return undefined
      if (st.size > 16 * 1024 * 1024)
        throw new Error(`${label}: ${path} is ${st.size} bytes, too large for a manifest or config`)
      const fh = await open(file)
      try {
        return await fh.readFile()
      } finally {
        await fh.close()
      }
    },
    layers: async paths => {
      const out = new Map<string, LayerBlob>()
      const queue = [...paths]
      const worker = async (): Promise<void> => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          out.set(path, await readOne(path))
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker))
      return out
    }
  }
}

/** What the image's layers are, before they are read. */
interface LayerRef {
  path: string
  /** The OCI descriptor, when a manifest describes the layer. */
  descriptor?: Descriptor
  /** The digest the layout names the blob by (`blobs/sha256/<hex>`), when it does. */
  namedDigest?: string
}

/** Options shared by the two readers. */
export interface ImageOptions {
  platform: Platform
  /** True when the platform was asked for; false when it is the runner's default. */
  explicitPlatform: boolean
  /** Whether gzip estimates were made for uncompressed layers. */
  compress: boolean
  /** Collect entries; `'details'`: with file details too (see `LayerBlobOptions`). */
  collectEntries: boolean | 'details'
}

async function requireFile(layout: Layout, path: string, what: string): Promise<Buffer> {
  const data = await layout.readFile(path)
  if (data === undefined) throw new Error(`${layout.label}: ${what} ${path} is not in the layout`)
  return data
}

const HEX_NAME = /(?:^|\/)([0-9a-f]{64})(?:\.json)?$/

/**
 * Reads the image an OCI layout holds (`index.json`, `blobs/<alg>/<hex>`), choosing the manifest
 * by `tag` and platform (`selectManifest`).
 * @throws Error naming the layout for a missing or malformed document, a missing blob, a
 *   digest, size or diff ID mismatch, or a platform that is not there.
 */
export async function readOciImage(
  layout: Layout,
  opts: ImageOptions & { tag?: string }
): Promise<ImageRead> {
  const label = layout.label
  const indexData = await layout.readFile('index.json')
  if (indexData === undefined) throw new Error(`${label}: no index.json: not an OCI image layout`)
  const index = asIndex(parseJson(indexData, `${label} index.json`), `${label} index.json`)

  const readBlob = async (d: Descriptor, what: string): Promise<Buffer> => {
    const data = await requireFile(layout, blobPath(d.digest), what)
    checkBlob(label, what, d, data)
    return data
  }
  const manifestDesc = await selectManifest(index, {
    tag: opts.tag,
    platform: opts.platform,
    explicit: opts.explicitPlatform,
    label,
    loadIndex: async d =>
      asIndex(
        parseJson(await readBlob(d, 'index'), `${label} index ${d.digest}`),
        `${label} index ${d.digest}`
      ),
    loadPlatform: async d => {
      const m = asManifest(
        parseJson(await readBlob(d, 'manifest'), `${label} manifest ${d.digest}`),
        `${label} manifest ${d.digest}`
      )
      const c = asConfig(
        parseJson(await readBlob(m.config, 'config'), `${label} config ${m.config.digest}`),
        `${label} config`
      )
      return configPlatform(c)
    }
  })
  const what = `manifest ${manifestDesc.digest}`
  const manifest = asManifest(
    parseJson(await readBlob(manifestDesc, 'manifest'), `${label} ${what}`),
    `${label} ${what}`
  )
  const configData = await readBlob(manifest.config, 'config')
  const config = asConfig(
    parseJson(configData, `${label} config ${manifest.config.digest}`),
    `${label} config`
  )
  const refs = manifest.layers.map(d => ({ path: blobPath(d.digest), descriptor: d }))
  return assemble(layout, sha256(configData), config, refs, opts)
}

/**
 * Reads the image a `docker save` layout holds through its `manifest.json` (both the classic
 * layout and the OCI layout of Docker 25+ carry one). `ref` picks an image by one of its
 * `RepoTags` when the archive holds several. Falls back to {@link readOciImage} when there is
 * no `manifest.json` but an `index.json`.
 * @throws Error naming the layout as {@link readOciImage} does, and when the archive holds
 *   several images and `ref` does not pick one (listing their tags).
 */
export async function readDockerSaveImage(
  layout: Layout,
  opts: ImageOptions & { ref?: string }
): Promise<ImageRead> {
  const label = layout.label
  const data = await layout.readFile('manifest.json')
  if (data === undefined) {
    if ((await layout.readFile('index.json')) !== undefined) return readOciImage(layout, opts)
    throw new Error(
      `${label}: neither manifest.json nor index.json is in the archive: not an image archive (or a truncated one)`
    )
  }
  const entries = asDockerSaveManifest(
    parseJson(data, `${label} manifest.json`),
    `${label} manifest.json`
  )
  const tags = (): string => entries.map(e => e.RepoTags.join(' ') || e.Config).join(', ')
  let entry: DockerSaveManifest | undefined = entries[0]
  if (opts.ref !== undefined) {
    const want = [opts.ref, `${opts.ref}:latest`]
    entry = entries.find(e => e.RepoTags.some(t => want.includes(t)))
    if (!entry)
      throw new Error(`${label}: no image tagged ${opts.ref} in manifest.json; images: ${tags()}`)
  } else if (entries.length > 1) {
    throw new Error(
      `${label}: the archive holds ${entries.length} images (${tags()}); name one as docker-archive:PATH:REF`
    )
  }
  if (!entry) throw new Error(`${label}: manifest.json lists no image`)
  const e = entry
  const configData = await requireFile(layout, e.Config, 'the config')
  const id = sha256(configData)
  const named = HEX_NAME.exec(e.Config)
  if (named && `sha256:${named[1]}` !== id) {
    throw new Error(
      `${label}: the config ${e.Config} does not match its name (its sha256 is ${id})`
    )
  }
  const config = asConfig(parseJson(configData, `${label} config ${e.Config}`), `${label} config`)
  const refs: LayerRef[] = e.Layers.map(path => {
    const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path.replace(/^\.?\/+/, ''))
    return m ? { path, namedDigest: `sha256:${m[1]}` } : { path }
  })
  return assemble(layout, id, config, refs, opts)
}

function checkBlob(label: string, what: string, d: Descriptor, data: Buffer): void {
  if (data.length !== d.size) {
    throw new Error(
      `${label}: the ${what} blob ${d.digest} is ${data.length} bytes, its descriptor says ${d.size}`
    )
  }
  if (d.digest.startsWith('sha256:') && sha256(data) !== d.digest) {
    throw new Error(
      `${label}: the ${what} blob ${d.digest} does not match its digest (sha256 ${sha256(data)})`
    )
  }
}

/** Reads the layers, checks them against the config and descriptors, and builds the result. */
async function assemble(
  layout: Layout,
  id: string,
  config: ImageConfig,
  refs: LayerRef[],
  opts: ImageOptions
): Promise<ImageRead> {
  const label = layout.label
  const platform = configPlatform(config)
  if (opts.explicitPlatform && !platformMatches(opts.platform, platform)) {
    throw new Error(
      `${label}: the image is ${formatPlatform(platform)}, not ${formatPlatform(opts.platform)}`
    )
  }
  const diffIds = config.rootfs.diff_ids
  if (diffIds.length !== refs.length) {
    throw new Error(
      `${label}: the manifest lists ${refs.length} layers but the config's rootfs.diff_ids lists ${diffIds.length}`
    )
  }
  const blobs = await layout.layers([...new Set(refs.map(r => r.path))])

  const layers: LayerRead[] = refs.map((ref, k) => {
    const blob = blobs.get(ref.path)
    if (!blob) throw new Error(`${label}: layer ${k} (${ref.path}) was not read`)
    const d = ref.descriptor
    const where = `layer ${k} (${ref.path})`
    if (blob.diffId !== diffIds[k]) {
      throw new Error(
        `${label}: ${where} has diff ID ${blob.diffId} but the config lists ${diffIds[k]}: the blob does not belong to this image or is corrupt`
      )
    }
    const digest = d?.digest ?? ref.namedDigest
    if (digest?.startsWith('sha256:') && blob.digest !== digest) {
      throw new Error(
        `${label}: ${where} does not match its digest ${digest} (its sha256 is ${blob.digest})`
      )
    }
    if (d && blob.blobSize !== d.size) {
      throw new Error(`${label}: ${where} is ${blob.blobSize} bytes, its descriptor says ${d.size}`)
    }
    const layer: LayerRead = {
      diffId: blob.diffId,
      size: blob.scan.size,
      tarBytes: blob.tarBytes,
      fileCount: blob.scan.fileCount,
      compression: blob.kind
    }
    if (digest) layer.digest = digest
    if (d?.mediaType) layer.mediaType = d.mediaType
    if (blob.kind !== 'tar') layer.compressedSize = blob.blobSize
    else if (blob.estimate !== undefined) layer.compressedSize = blob.estimate
    return layer
  })

  const read: ImageRead = { id, platform: formatPlatform(platform), config, layers }
  const exact = layers.every(l => l.compression !== 'tar')
  if (exact || opts.compress) {
    let size = 0
    for (const l of layers) {
      if (l.compressedSize === undefined)
        throw new Error(`${label}: no compressed size for layer ${l.diffId}`)
      size += l.compressedSize
    }
    read.compressed = { size, exact }
  }
  if (opts.collectEntries) read.entries = refs.map(r => blobs.get(r.path)?.scan.entries ?? [])
  return read
}
