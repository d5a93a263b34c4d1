/**
 * One layer blob, read once as it streams past: sniff its format (tar, gzip, zstd), decompress,
 * hash the blob (digest) and the tar (diff ID), scan the tar for the engine's layer size and its
 * entries (`scanLayer`), and — for an uncompressed blob, on request — estimate its gzip size.
 *
 * Memory: the sniffing head (512 bytes), the streams' buffers (≤ 1 MiB), the estimator's chunks.
 */
import { createHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import type { Transform } from 'node:stream'
import zlib from 'node:zlib'
import { GzipSizeEstimator } from './compress.ts'
import type { GzipEstimateOptions } from './compress.ts'
import { fileDetailsWanted, scanLayer } from './layer-scan.ts'
import type { LayerScan } from './layer-scan.ts'

/** How a blob's bytes are stored. `unknown`: none of the three (not a layer). */
export type BlobKind = 'tar' | 'gzip' | 'zstd' | 'unknown'

/** Bytes {@link sniffBlob} wants to see (one tar header block). */
export const SNIFF_BYTES = 512

/**
 * The format of a blob from its first bytes: gzip (`1f 8b`, RFC 1952), zstd (`28 b5 2f fd`,
 * RFC 8878), tar (`ustar` magic at offset 257 — POSIX, GNU and PAX archives all carry it — or an
 * all-zero first block: an empty archive, such as Docker's empty layer).
 * @param head the blob's first bytes (up to {@link SNIFF_BYTES}; fewer when the blob is shorter)
 */
export function sniffBlob(head: Buffer): BlobKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip'
  if (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd) return 'zstd'
  if (head.length >= SNIFF_BYTES) {
    if (head.toString('latin1', 257, 262) === 'ustar') return 'tar'
    if (head.subarray(0, SNIFF_BYTES).every(b => b === 0)) return 'tar'
  }
  return 'unknown'
}

/** What reading one layer blob found. */
export interface LayerBlob {
  kind: Exclude<BlobKind, 'unknown'>
  /** `sha256:` of the blob's bytes as stored. */
  digest: string
  /** Bytes of the blob as stored (the compressed size for gzip and zstd blobs). */
  blobSize: number
  /** `sha256:` of the uncompressed tar: the layer's diff ID. */
  diffId: string
  /** Bytes of the uncompressed tar. */
  tarBytes: number
  scan: LayerScan
  /** What `docker push` would store for the tar, estimated (`./compress.ts`), in bytes; uncompressed blobs with `estimate` only. */
  estimate?: number
}

/** Options of {@link LayerBlobSink}. */
export interface LayerBlobOptions {
  /**
   * Collect the layer's entries; `'details'`: with file details (`ScanOptions.fileDetails`), unless
   * the environment turns them off ({@link fileDetailsWanted}).
   */
  collectEntries: boolean | 'details'
  /** Estimate the gzip size of uncompressed blobs, with these estimator options. */
  estimate?: GzipEstimateOptions | false
  /** Names the blob in errors, e.g. `docker-archive:/x.tar blobs/sha256/ab…`. */
  label: string
}

function hexHead(head: Buffer): string {
  return [...head.subarray(0, 8)].map(b => b.toString(16).padStart(2, '0')).join(' ')
}

/**
 * Consumes one layer blob written to it chunk by chunk.
 *
 * `write` resolves when the sink can take more (back-pressure from the decompressor, the scanner
 * and the estimator); `end` resolves with the {@link LayerBlob}. Once a step fails, further
 * writes are dropped (so a caller can drain its source) and `end` rejects with that error.
 */
export class LayerBlobSink {
  private readonly opts: LayerBlobOptions
  private head: Buffer[] = []
  private headBytes = 0
  private started = false
  private kind: BlobKind = 'unknown'
  private failure: Error | undefined
  private readonly failed: Promise<never>
  private fail!: (err: Error) => void
  private readonly rawHash: Hash = createHash('sha256')
  private diffHash: Hash | undefined
  private rawBytes = 0
  private tarBytes = 0
  private decompressor: Transform | undefined
  private decompressed: Promise<void> | undefined
  private readonly scanInput = new PassThrough({ highWaterMark: 1024 * 1024 })
  private scanning: Promise<LayerScan> | undefined
  private scanDone = false
  private estimator: GzipSizeEstimator | undefined

  constructor(opts: LayerBlobOptions) {
    this.opts = opts
    this.failed = new Promise<never>((_, reject) => {
      this.fail = (err: Error) => {
        if (this.failure) return
        this.failure = err
        reject(err)
        this.decompressor?.destroy()
        this.scanInput.destroy()
        this.estimator?.destroy()
      }
    })
    this.failed.catch(() => undefined)
  }

  /** Adds the blob's next bytes. Never rejects for a bad blob: see {@link end}. */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure || chunk.length === 0) return
    if (!this.started) {
      this.head.push(chunk)
      this.headBytes += chunk.length
      if (this.headBytes < SNIFF_BYTES) return
      const head = Buffer.concat(this.head)
      this.head = []
      if (!this.start(head)) return
      chunk = head
    }
    try {
      await Promise.race([this.push(chunk), this.failed])
    } catch (err) {
      // Kept for end(), which reports it; a no-op when a stage already failed.
      this.fail(
        new Error(`${this.opts.label}: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err
        })
      )
    }
  }

  /**
   * Ends the blob.
   * @returns what the blob holds
   * @throws Error naming the blob when it is empty, not a (compressed) tar, corrupt, or truncated.
   */
  async end(): Promise<LayerBlob> {
    if (!this.started && !this.failure) {
      const head = Buffer.concat(this.head)
      this.head = []
      if (head.length === 0)
        this.fail(new Error(`${this.opts.label}: the layer blob is empty (0 bytes)`))
      else if (this.start(head)) await this.write(head).catch(() => undefined)
    }
    if (this.failure) throw this.failure
    const decompressor = this.decompressor
    try {
      if (decompressor) {
        decompressor.end()
        await Promise.race([this.decompressed, this.failed])
      } else {
        this.scanInput.end()
      }
      if (!this.scanning) throw new Error(`${this.opts.label}: the layer blob was never started`)
      const scan = await Promise.race([this.scanning, this.failed])
      const estimate = this.estimator ? await this.estimator.end() : undefined
      const digest = `sha256:${this.rawHash.digest('hex')}`
      const blob: LayerBlob = {
        kind: this.kind as LayerBlob['kind'],
        digest,
        blobSize: this.rawBytes,
        diffId: this.diffHash ? `sha256:${this.diffHash.digest('hex')}` : digest,
        tarBytes: this.tarBytes,
        scan
      }
      if (estimate !== undefined) blob.estimate = estimate
      return blob
    } catch (err) {
      this.fail(err as Error)
      throw this.failure ?? err
    }
  }

  /** Stops all work (the caller gave up on this blob). */
  destroy(err?: Error): void {
    this.fail(err ?? new Error(`${this.opts.label}: reading was abandoned`))
  }

  /** Sets up the pipeline for the sniffed kind; false (and failed) when the blob is no layer. */
  private start(head: Buffer): boolean {
    this.started = true
    this.kind = sniffBlob(head)
    const label = this.opts.label
    if (this.kind === 'unknown') {
      this.fail(
        new Error(
          `${label}: the layer blob is not a tar archive, nor a gzip- or zstd-compressed one ` +
            `(it starts with ${hexHead(head)})`
        )
      )
      return false
    }
    this.scanning = scanLayer(this.scanInput, {
      collectEntries: this.opts.collectEntries !== false,
      fileDetails: this.opts.collectEntries === 'details' && fileDetailsWanted()
    }).then(
      scan => {
        this.scanDone = true
        this.decompressor?.resume()
        return scan
      },
      (err: unknown) => {
        this.scanDone = true
        const msg = err instanceof Error ? err.message : String(err)
        const what = this.kind === 'tar' ? 'layer tar' : `${this.kind}-compressed layer tar`
        const e = new Error(`${label}: cannot read the ${what}: ${msg}`, { cause: err })
        this.fail(e)
        throw e
      }
    )
    this.scanning.catch(() => undefined)
    if (this.kind === 'tar') {
      if (this.opts.estimate) this.estimator = new GzipSizeEstimator(this.opts.estimate)
      return true
    }
    const diffHash = createHash('sha256')
    this.diffHash = diffHash
    const d = this.kind === 'gzip' ? zlib.createGunzip() : zlib.createZstdDecompress()
    this.decompressor = d
    d.on('data', (c: Buffer) => {
      diffHash.update(c)
      this.tarBytes += c.length
      if (!this.scanDone && !this.scanInput.write(c)) d.pause()
    })
    this.scanInput.on('drain', () => d.resume())
    this.decompressed = new Promise<void>(resolve => {
      d.on('end', () => {
        this.scanInput.end()
        resolve()
      })
    })
    d.on('error', (err: Error) => {
      this.fail(
        new Error(`${label}: the ${this.kind} stream is corrupt or truncated: ${err.message}`, {
          cause: err
        })
      )
    })
    return true
  }

  private async push(chunk: Buffer): Promise<void> {
    this.rawHash.update(chunk)
    this.rawBytes += chunk.length
    const d = this.decompressor
    if (d) {
      if (!d.write(chunk)) await once(d, 'drain')
      return
    }
    this.tarBytes += chunk.length
    if (this.estimator) await this.estimator.write(chunk)
    if (!this.scanDone && !this.scanInput.write(chunk)) {
      await Promise.race([once(this.scanInput, 'drain'), this.scanning])
    }
  }
}
