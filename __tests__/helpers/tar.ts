/**
 * Test helpers that write tar archives in memory with tar-stream's `pack`, plus raw-header
 * patches for header forms `pack` cannot write (PAX global headers, base-256 and sized header-only
 * entries), a `docker load` archive around crafted layers, and an oracle that sizes a flattened
 * filesystem's tar (`docker export`) with tar-stream alone.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import tar from 'tar-stream'
import type { Header } from 'tar-stream'

/** One entry to pack: its header and, for regular files, its body. */
export interface PackEntry {
  header: Partial<Header> & { name: string }
  body?: string | Buffer
}

/** Packs `entries` into one tar archive (with its end-of-archive blocks) and returns its bytes. */
export async function packTar(entries: PackEntry[]): Promise<Buffer> {
  const pack = tar.pack()
  const chunks: Buffer[] = []
  const done = (async () => {
    for await (const c of pack) chunks.push(c as Buffer)
  })()
  for (const e of entries) {
    await new Promise<void>((resolve, reject) => {
      pack.entry(e.header, e.body ?? '', err => (err ? reject(err) : resolve()))
    })
  }
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

/** Recomputes a 512-byte tar header's checksum in place (bytes 148–155, as `tar` writes it). */
export function fixChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156)
  let sum = 0
  for (const b of block) sum += b
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1')
}

/** Writes `size` into a header's size field in octal (the ustar form) and fixes its checksum. */
export function setOctalSize(block: Buffer, size: number): void {
  block.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1')
  fixChecksum(block)
}

/** Writes `size` into a header's size field in base-256 (GNU form: 0x80, then 11 bytes). */
export function setBase256Size(block: Buffer, size: number): void {
  block[124] = 0x80
  let n = size
  for (let i = 135; i > 124; i--) {
    block[i] = n % 256
    n = Math.floor(n / 256)
  }
  fixChecksum(block)
}

/** A Readable over `parts`, each yielded as it is (generators allowed, for large bodies). */
export function streamOf(parts: Iterable<Buffer>): Readable {
  return Readable.from(parts, { objectMode: false })
}

/** What {@link flattenedSize} found. */
export interface FlattenedSize {
  /** Σ bytes over the paths: regular files (each inode once) and symlinks (target length). */
  size: number
  /** Bytes per path (normalised: no leading `./` or `/`, no trailing `/`), for paths with bytes. */
  paths: Map<string, number>
}

/**
 * Sizes a flattened filesystem from its tar (e.g. `docker export`), with tar-stream alone (no
 * product code): a regular file counts its size, a symlink the byte length of its target;
 * directories, devices, FIFOs and hardlinks count 0 — a tar writer stores each inode's data once
 * and emits its other names as hardlink entries (moby `pkg/archive` does), so summing regular
 * files counts each inode once. Paths in `skip` are left out.
 */
export async function flattenedSize(
  stream: NodeJS.ReadableStream,
  skip: ReadonlySet<string> = new Set()
): Promise<FlattenedSize> {
  const extract = tar.extract()
  const paths = new Map<string, number>()
  let size = 0
  const done = (async () => {
    for await (const entry of extract) {
      const h = entry.header
      const path = h.name
        .split('/')
        .filter(s => s !== '' && s !== '.')
        .join('/')
      let bytes = 0
      if (h.type === 'file' || h.type === 'contiguous-file') bytes = h.size ?? 0
      else if (h.type === 'symlink') bytes = Buffer.byteLength(h.linkname ?? '')
      if (bytes > 0 && !skip.has(path)) {
        paths.set(path, bytes)
        size += bytes
      }
      entry.resume()
    }
  })()
  stream.pipe(extract)
  await done
  return { size, paths }
}

/**
 * A `docker load` archive (the classic `docker save` layout: `manifest.json`, a config,
 * `<dir>/layer.tar`) holding one image of the given layer tars, tagged `tag`.
 */
export async function dockerArchive(layers: Buffer[], tag: string): Promise<Buffer> {
  const diffIds = layers.map(l => `sha256:${createHash('sha256').update(l).digest('hex')}`)
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {},
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: layers.map(() => ({ created_by: 'crafted layer' }))
  })
  const configName = `${createHash('sha256').update(config).digest('hex')}.json`
  const layerNames = layers.map((_, i) => `layer${i}/layer.tar`)
  return packTar([
    {
      header: { name: 'manifest.json' },
      body: JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: layerNames }])
    },
    { header: { name: configName }, body: config },
    ...layers.map((body, i) => ({ header: { name: layerNames[i] ?? '' }, body }))
  ])
}
