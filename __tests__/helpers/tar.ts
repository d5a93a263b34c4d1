/**
 * Test helpers that write tar archives in memory with tar-stream's `pack`, plus raw-header
 * patches for header forms `pack` cannot write (PAX global headers, base-256 sizes).
 */
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
