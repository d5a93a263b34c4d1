/**
 * One pass over a tar of an image layout — `docker save` output (classic `manifest.json` +
 * `<id>/layer.tar`, or the OCI layout of Docker 25+), a skopeo `docker-archive`, an
 * `oci-archive` — read as it streams.
 *
 * The archive's own order cannot be trusted to bring the manifests first: `docker save` writes
 * its entries in lexical order (`<id>/layer.tar` and `blobs/…` before `manifest.json` and
 * `index.json`), skopeo writes layers first. So every blob is judged by its first bytes as it
 * arrives: a tar, gzip or zstd blob is read as a layer at once (size, diff ID, entries, estimate;
 * `./layer-blob.ts`) and only its results are kept, keyed by its path; anything else is a small
 * metadata file (JSON) and kept whole. The manifests then order the results (`./layout.ts`).
 * Symlinks and hardlinks between entries (a repeated layer stored once) are kept as aliases.
 *
 * Memory: the metadata files (each ≤ 16 MiB), the layer results (entries when collected), and
 * the buffers of the one blob being read (dead chunks are collected early: `./memory.ts`).
 */
import { posix } from 'node:path'
import type { Readable } from 'node:stream'
import tar from 'tar-stream'
import type { LayerBlob, LayerBlobOptions } from './layer-blob.ts'
import { LayerBlobSink, SNIFF_BYTES, sniffBlob } from './layer-blob.ts'
import { noteBytesRead } from './memory.ts'

/** Largest metadata file (config, manifest, index) kept in memory. */
export const META_LIMIT = 16 * 1024 * 1024

/** What one pass over a layout archive found, keyed by normalised archive path. */
export interface ArchiveContents {
  /** Small files that are not layer blobs (JSON documents, `oci-layout`, `VERSION`). */
  files: Map<string, Buffer>
  /** Layer blobs (tar, gzip, zstd), or the error met while reading one. */
  blobs: Map<string, LayerBlob | Error>
  /** Files that are neither: too large for metadata and not a (compressed) tar; path → first bytes. */
  others: Map<string, string>
  /** Symlinks and hardlinks: path → the path they point to. */
  links: Map<string, string>
}

/** Normalises an archive path: no leading `./` or `/`, no `.` segments, `..` resolved. */
export function normalizeArchivePath(name: string): string {
  const p = posix.normalize(`/${name}`).replace(/^\/+/, '').replace(/\/+$/, '')
  return p
}

/** Follows `links` from `path` to the entry it ends at (at most 16 hops). */
export function resolveLink(contents: ArchiveContents, path: string): string {
  let p = normalizeArchivePath(path)
  for (let hops = 0; hops < 16; hops++) {
    const next = contents.links.get(p)
    if (next === undefined) return p
    p = next
  }
  return p
}

/** Options of {@link readLayoutArchive}. */
export interface ArchiveOptions {
  /** Names the archive in errors, e.g. `docker-archive:/tmp/app.tar`. */
  label: string
  /** Collect entries; `'details'`: with file details too (see `LayerBlobOptions`). */
  collectEntries: boolean | 'details'
  /** Passed to each layer blob (estimate the gzip size of uncompressed layers, or false). */
  estimate: LayerBlobOptions['estimate']
}

type TarHeader = tar.Header & { byteOffset?: number }

function hexHead(head: Buffer): string {
  return [...head.subarray(0, 8)].map(b => b.toString(16).padStart(2, '0')).join(' ')
}

/** Resolves on the stream's next 'drain' or its 'close', whichever comes first. */
function drained(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      stream.off('drain', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('close', done)
  })
}

/**
 * Reads a layout archive to its end.
 *
 * @param source the archive bytes (a file stream, or `docker save`'s stdout)
 * @returns the metadata files, the layer results, other files and links, keyed by path
 * @throws Error naming the archive when it is not a tar (shorter than a header, or a header that
 *   does not parse), is truncated (ends inside an entry or
 *   without its end-of-archive blocks), a metadata file exceeds 16 MiB, or `source` fails. A bad
 *   layer blob does not throw here: its error is kept and thrown if a manifest names it.
 */
export async function readLayoutArchive(
  source: Readable,
  opts: ArchiveOptions
): Promise<ArchiveContents> {
  const contents: ArchiveContents = {
    files: new Map(),
    blobs: new Map(),
    others: new Map(),
    links: new Map()
  }
  // A 1 MiB write buffer (streamx's default is 16 KiB) spares a drain round-trip per chunk.
  const extract = tar.extract({ highWaterMark: 1024 * 1024 })
  let fed = 0
  let entriesEnd = 0
  let sawEntry = false

  // Flowing mode with pause/resume: an async iterator over a Readable would concatenate all
  // buffered chunks into one new buffer on every read.
  const feeding = new Promise<void>((resolve, reject) => {
    source.on('data', (buf: Buffer) => {
      fed += buf.length
      noteBytesRead(buf.length)
      if (!extract.write(buf)) {
        source.pause()
        void drained(extract).then(() => {
          if (!extract.destroyed) source.resume()
        })
      }
    })
    source.on('end', () => {
      extract.end(undefined)
      resolve()
    })
    source.on('error', (err: Error) => {
      extract.destroy(err)
      reject(err)
    })
    // The extract failed (its error reaches the entry loop below): stop reading.
    extract.on('close', () => {
      if (!source.readableEnded) source.destroy()
      resolve()
    })
  })
  feeding.catch(() => undefined)

  const fail = (why: string, cause?: unknown): Error =>
    new Error(`${opts.label}: ${why}`, cause === undefined ? undefined : { cause })

  try {
    for await (const entry of extract) {
      sawEntry = true
      const header = entry.header as TarHeader
      const size = header.size ?? 0
      entriesEnd = (header.byteOffset ?? 0) + Math.ceil(size / 512) * 512
      const path = normalizeArchivePath(header.name)
      if (header.type === 'file' || header.type === 'contiguous-file') {
        await readFileEntry(path, entry as unknown as AsyncIterable<Buffer>, size, contents, opts)
        continue
      }
      if (header.type === 'symlink' && header.linkname) {
        contents.links.set(
          path,
          normalizeArchivePath(posix.join(posix.dirname(path), header.linkname))
        )
      } else if (header.type === 'link' && header.linkname) {
        contents.links.set(path, normalizeArchivePath(header.linkname))
      }
      for await (const _ of entry as unknown as AsyncIterable<Buffer>) {
        // drain
      }
    }
  } catch (err) {
    source.destroy()
    await feeding.catch(() => undefined)
    const msg = (err as Error).message
    if (/Unexpected end of data|unexpected end of file/i.test(msg)) {
      // Shorter than one header: whatever it is, it is not a tar archive (a 16-byte text file).
      if (!sawEntry && fed < 512) {
        throw fail(
          `not a tar archive (${fed} ${fed === 1 ? 'byte' : 'bytes'}, shorter than one 512-byte tar header)`,
          err
        )
      }
      throw fail('the archive is truncated (it ends inside an entry)', err)
    }
    if (/Invalid tar header|Header exceeds/.test(msg)) throw fail(`not a tar archive (${msg})`, err)
    throw fail(`cannot read the archive: ${msg}`, err)
  }
  try {
    await feeding
  } catch (err) {
    throw fail(`cannot read the archive: ${(err as Error).message}`, err)
  }
  if (!sawEntry && fed > 0) throw fail('not a tar archive (no entry found)')
  if (fed < entriesEnd + 1024) {
    throw fail(
      `the archive is truncated: it ends after ${fed} bytes, without the end-of-archive blocks ` +
        `that follow its last entry at byte ${entriesEnd}`
    )
  }
  return contents
}

/** Reads one regular file of the archive: a layer blob, a metadata file, or something else. */
async function readFileEntry(
  path: string,
  body: AsyncIterable<Buffer>,
  size: number,
  contents: ArchiveContents,
  opts: ArchiveOptions
): Promise<void> {
  // Undecided while all three are undefined; then exactly one is set.
  let sink: LayerBlobSink | undefined
  let meta: Buffer[] | undefined
  let other = false
  const head: Buffer[] = []
  let headBytes = 0

  const decide = async (first: Buffer): Promise<void> => {
    const kind = sniffBlob(first)
    if (kind !== 'unknown') {
      sink = new LayerBlobSink({
        collectEntries: opts.collectEntries,
        estimate: opts.estimate,
        label: `${opts.label} ${path}`
      })
      await sink.write(first)
    } else if (size <= META_LIMIT) {
      meta = [first]
    } else {
      other = true
      contents.others.set(path, hexHead(first))
    }
  }

  try {
    for await (const chunk of body) {
      if (sink) await sink.write(chunk)
      else if (meta) meta.push(chunk)
      else if (!other) {
        head.push(chunk)
        headBytes += chunk.length
        if (headBytes >= SNIFF_BYTES) await decide(Buffer.concat(head))
      }
    }
  } catch (err) {
    sink?.destroy(err as Error)
    throw err
  }
  if (!sink && !meta && !other) await decide(Buffer.concat(head))
  if (sink) {
    const result = await sink
      .end()
      .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))
    contents.blobs.set(path, result)
  } else if (meta) {
    contents.files.set(path, Buffer.concat(meta))
  }
}
