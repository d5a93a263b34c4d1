/**
 * Test helper: stream `docker save IMG` (the classic `docker save` layout that a 20.10 engine
 * writes: `manifest.json`, `<id>/layer.tar`, `<config>.json`) through tar-stream, scan every
 * layer tar with `scanLayer` while hashing it, and return the layers in manifest order.
 * Nothing but the small JSON files is buffered; a layer stored as a symlink to an earlier
 * `layer.tar` (a repeated layer) resolves to that layer's scan.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import tar from 'tar-stream'
import { scanLayer } from '../../src/image/layer-scan.ts'
import type { LayerScan } from '../../src/image/layer-scan.ts'

/** One layer of a saved image, in manifest order. */
export interface SavedLayer {
  /** `sha256:` of the uncompressed layer tar as read from the archive. */
  diffId: string
  scan: LayerScan
}

/** The image config's history entry, as `docker save` writes it. */
export interface HistoryEntry {
  created_by?: string
  empty_layer?: boolean
}

export interface SavedImage {
  layers: SavedLayer[]
  config: { rootfs: { diff_ids: string[] }; history?: HistoryEntry[] }
}

async function* hashing(body: AsyncIterable<unknown>, hash: ReturnType<typeof createHash>) {
  for await (const chunk of body) {
    hash.update(chunk as Buffer)
    yield chunk as Buffer
  }
}

/** Saves `ref` with the docker CLI and scans each layer (entries collected). */
export async function saveAndScan(ref: string): Promise<SavedImage> {
  const child = spawn('docker', ['save', ref], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = new Promise<number>(resolve => child.on('close', code => resolve(code ?? -1)))

  const scans = new Map<string, SavedLayer>()
  const links = new Map<string, string>()
  const json = new Map<string, Buffer>()
  const extract = tar.extract()
  extract.on('entry', (header, body, next) => {
    const name = posix.normalize(header.name)
    const done = (err?: unknown) => next(err instanceof Error ? err : undefined)
    if (name.endsWith('/layer.tar') && header.type === 'symlink') {
      links.set(name, posix.join(posix.dirname(name), header.linkname))
      body.resume()
      body.on('end', () => done())
    } else if (name.endsWith('/layer.tar')) {
      const hash = createHash('sha256')
      scanLayer(Readable.from(hashing(body, hash)), { collectEntries: true }).then(
        scan => {
          scans.set(name, { diffId: `sha256:${hash.digest('hex')}`, scan })
          done()
        },
        (err: unknown) => done(err)
      )
    } else if (name.endsWith('.json')) {
      const chunks: Buffer[] = []
      body.on('data', (c: unknown) => {
        chunks.push(c as Buffer)
      })
      body.on('end', () => {
        json.set(name, Buffer.concat(chunks))
        done()
      })
    } else {
      body.resume()
      body.on('end', () => done())
    }
  })
  await pipeline(child.stdout, extract)
  const code = await exited
  if (code !== 0) throw new Error(`docker save ${ref} failed (${code}): ${stderr}`)

  const manifestBuf = json.get('manifest.json')
  if (!manifestBuf)
    throw new Error(`docker save ${ref}: no manifest.json (not the classic layout?)`)
  const manifest = JSON.parse(manifestBuf.toString()) as { Config: string; Layers: string[] }[]
  const m = manifest[0]
  if (!m) throw new Error(`docker save ${ref}: empty manifest.json`)
  const configBuf = json.get(posix.normalize(m.Config))
  if (!configBuf) throw new Error(`docker save ${ref}: config ${m.Config} missing`)
  const layers = m.Layers.map(l => {
    const name = posix.normalize(l)
    const found = scans.get(links.get(name) ?? name)
    if (!found) throw new Error(`docker save ${ref}: layer ${l} missing from the archive`)
    return found
  })
  return { layers, config: JSON.parse(configBuf.toString()) as SavedImage['config'] }
}
