/**
 * The estimate cache on the real engine (Docker 20.10, classic store): measuring the same image
 * a second time gives the identical compressed size — per layer and in total — from the cache,
 * without starting the estimator (`gzipEstimatorsStarted`, and the debug line that says so); the
 * oracle is a fresh estimate of the same `docker save` by `readImage`, which never reads the
 * cache. A corrupt entry is estimated again, and `ISB_NO_CACHE=1` turns the cache off.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { detectEngine, type Engine } from '../../src/engine/detect.ts'
import { gzipEstimatorsStarted } from '../../src/image/compress.ts'
import { readImage } from '../../src/image/read.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { silentLog, type Log } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import type { ImageMeasurement } from '../../src/model.ts'
import { LOCAL_BUSYBOX, buildImage, removeImages, uniqueTag } from '../helpers/docker.ts'

const tag = uniqueTag('estimate-cache')
let engine: Engine
let cacheDir: string

/** 3 MB of text-like bytes, different for each run of the suite (so no earlier cache helps). */
function payload(): Buffer {
  const b = Buffer.alloc(3_000_000)
  let x = (Math.random() * 2 ** 31) | 0
  for (let i = 0; i < b.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    b[i] = 97 + ((x >>> 16) % 20)
  }
  return b
}

/** Measures the image as the pipeline measures a final image, keeping the debug lines. */
async function measure(): Promise<{ m: ImageMeasurement; debug: string[]; started: number }> {
  const debug: string[] = []
  const log: Log = { ...silentLog, debug: line => debug.push(line) }
  const before = gzipEstimatorsStarted()
  const m = await measureImage(parseImageSource(tag, 'image'), {
    engine,
    compress: true,
    waste: true,
    log
  })
  return { m, debug, started: gzipEstimatorsStarted() - before }
}

before(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'isb-estimate-cache-itg-'))
  process.env['ISB_CACHE_DIR'] = cacheDir
  delete process.env['ISB_NO_CACHE']
  engine = await detectEngine({ log: silentLog })
  await buildImage({
    dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY data.txt /data.txt\n`,
    tag,
    files: { 'data.txt': payload() }
  })
})

after(async () => {
  await removeImages(tag)
  await rm(cacheDir, { recursive: true, force: true })
  delete process.env['ISB_CACHE_DIR']
})

describe('estimate cache, Docker 20.10 classic store', () => {
  let first: ImageMeasurement

  test('a first measurement estimates every layer and stores the estimates', async () => {
    const { m, started } = await measure()
    first = m
    assert.equal(m.layers.length, 2)
    assert.equal(started, 2, 'one estimator per layer')
    assert.equal(m.compressed?.exact, false)
    const stored = await readdir(join(cacheDir, 'estimates', 'v1'), { recursive: true })
    for (const layer of m.layers) {
      assert.ok(
        stored.some(p => p.endsWith(layer.diffId.slice('sha256:'.length))),
        `${layer.diffId} is cached`
      )
    }
  })

  test('a second measurement takes them from the cache: identical, and no estimator starts', async () => {
    const { m, started, debug } = await measure()
    assert.equal(started, 0, 'the estimator did not start')
    assert.ok(
      debug.some(l => /from the estimate cache .*the estimator did not run/.test(l)),
      debug.join('\n')
    )
    assert.deepEqual(m.compressed, first.compressed)
    assert.deepEqual(
      m.layers.map(l => l.compressedSize),
      first.layers.map(l => l.compressedSize)
    )
    // Everything else is measured as before.
    assert.equal(m.size, first.size)
    assert.deepEqual(m.waste, first.waste)
  })

  test('the cached figures equal a fresh estimate of the same docker save (readImage, no cache)', async () => {
    const before = gzipEstimatorsStarted()
    const fresh = await readImage(parseImageSource(tag, 'image'), {
      compress: true,
      collectEntries: false,
      docker: engine.docker
    })
    assert.equal(gzipEstimatorsStarted() - before, 2)
    assert.deepEqual(fresh.compressed, first.compressed)
    assert.deepEqual(
      fresh.layers.map(l => l.compressedSize),
      first.layers.map(l => l.compressedSize)
    )
  })

  test('a corrupt entry is estimated again, with the same result', async () => {
    const added = first.layers[1]
    assert.ok(added)
    const files = await readdir(join(cacheDir, 'estimates', 'v1'), { recursive: true })
    const entry = files.find(p => p.endsWith(added.diffId.slice('sha256:'.length)))
    assert.ok(entry)
    await writeFile(join(cacheDir, 'estimates', 'v1', entry), '{"diffId": "sha256:trunc')
    const { m, started } = await measure()
    assert.equal(started, 2, 'not every layer is cached: the image is estimated')
    assert.deepEqual(m.compressed, first.compressed)
    // … and the entry is whole again.
    const { started: again } = await measure()
    assert.equal(again, 0)
  })

  test('ISB_NO_CACHE=1 turns the cache off', async () => {
    process.env['ISB_NO_CACHE'] = '1'
    try {
      const { m, started, debug } = await measure()
      assert.equal(started, 2)
      assert.ok(debug.some(l => l.includes('Estimate cache off: ISB_NO_CACHE=1')))
      assert.deepEqual(m.compressed, first.compressed)
    } finally {
      delete process.env['ISB_NO_CACHE']
    }
  })
})
