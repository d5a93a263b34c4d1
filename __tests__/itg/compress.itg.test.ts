/**
 * The compressed-size estimate (`src/image/compress.ts`) against its oracle: what `docker push`
 * (the Docker 20.10 engine here, classic store) stores in a loopback registry for the very same
 * layers — the layer blob sizes of the pushed manifest, matched to our layer tars by diff ID
 * (the pushed config's `rootfs.diff_ids`).
 *
 * Images: the example's final image (examples/go-web on the local stand-ins), a ~45 MB image of
 * mixed layers (Go source text, compiler binaries, text plus random bytes: several 4 MiB
 * chunks each), and — with ISB_SLOW_TESTS=1, as CI runs — the ~460 MB Go toolchain image.
 * Each layer tar is estimated twice: as one stream (`chunkSize: Infinity`), which is Go's
 * `gzip.NewWriter` byte for byte and must be exact, and by default (4 MiB chunks on all cores):
 * exact for a layer of one chunk, a few hundredths of a percent off beyond (measured: +0.003% on
 * the example's 6 MB binary layer, +0.03% on 16 MB of Go source text).
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import type { TestContext } from 'node:test'
import tar from 'tar-stream'
import { GzipSizeEstimator } from '../../src/image/compress.ts'
import type { GzipEstimateOptions } from '../../src/image/compress.ts'
import { readImage } from '../../src/image/read.ts'
import {
  LOCAL_BUSYBOX,
  LOCAL_GO,
  buildImage,
  docker,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import { startRegistry } from '../helpers/registry.ts'
import type { TestRegistry } from '../helpers/registry.ts'

const EXAMPLE = new URL('../../examples/go-web', import.meta.url).pathname
const SLOW = process.env['ISB_SLOW_TESTS'] === '1'
const EXACT: GzipEstimateOptions = { chunkSize: Infinity }

interface LayerFigures {
  diffId: string
  tarBytes: number
  /** The estimator's figure for each option set asked for. */
  estimates: number[]
}

/** Streams `docker save ref`; every layer tar goes to one estimator per option set. */
async function estimateLayers(
  ref: string,
  variants: GzipEstimateOptions[]
): Promise<LayerFigures[]> {
  const save = spawn('docker', ['save', ref], { stdio: ['ignore', 'pipe', 'inherit'] })
  const saved = once(save, 'close')
  const extract = tar.extract()
  const figures: LayerFigures[] = []
  const parsing = (async () => {
    for await (const entry of extract) {
      const h = entry.header
      const isLayer = h.type === 'file' && /(^|\/)layer\.tar$|^[0-9a-f]{64}\.tar$/.test(h.name)
      if (!isLayer) {
        entry.resume()
        continue
      }
      const hash = createHash('sha256')
      const estimators = variants.map(v => new GzipSizeEstimator(v))
      let tarBytes = 0
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        tarBytes += chunk.length
        hash.update(chunk)
        await Promise.all(estimators.map(e => e.write(chunk)))
      }
      const estimates = await Promise.all(estimators.map(e => e.end()))
      figures.push({ diffId: `sha256:${hash.digest('hex')}`, tarBytes, estimates })
    }
  })()
  save.stdout.pipe(extract)
  await parsing
  const [code] = (await saved) as [number]
  assert.equal(code, 0, `docker save ${ref} succeeded`)
  assert.ok(figures.length > 0, `${ref} has layers`)
  return figures
}

interface Pushed {
  /** Layer blob sizes in image order. */
  sizes: number[]
  diffIds: string[]
  /** The first 10 bytes of each layer blob: its gzip header. */
  headers: string[]
}

/** `docker push` (Docker 20.10) of `image` to the registry; the stored layers, from the manifest. */
async function push(registry: TestRegistry, image: string): Promise<Pushed> {
  const repo = `isb-test/${uniqueTag('compress').replace(/[^a-z0-9]+/g, '-')}`
  const target = `${registry.host}/${repo}:pushed`
  await docker(['tag', image, target])
  try {
    await docker(['push', '-q', target])
  } finally {
    await docker(['image', 'rm', target]).catch(() => undefined)
  }
  const base = `http://${registry.host}/v2/${repo}`
  const res = await fetch(`${base}/manifests/pushed`, {
    headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' }
  })
  assert.equal(res.status, 200, `manifest of ${target}`)
  const manifest = (await res.json()) as {
    config: { digest: string }
    layers: { size: number; digest: string; mediaType: string }[]
  }
  const config = (await (await fetch(`${base}/blobs/${manifest.config.digest}`)).json()) as {
    rootfs: { diff_ids: string[] }
  }
  const headers: string[] = []
  for (const l of manifest.layers) {
    assert.equal(l.mediaType, 'application/vnd.docker.image.rootfs.diff.tar.gzip')
    const blob = await fetch(`${base}/blobs/${l.digest}`)
    const reader = blob.body?.getReader()
    const first = await reader?.read()
    await reader?.cancel()
    headers.push(
      Buffer.from(first?.value ?? [])
        .subarray(0, 10)
        .toString('hex')
    )
  }
  return { sizes: manifest.layers.map(l => l.size), diffIds: config.rootfs.diff_ids, headers }
}

/**
 * Estimates and pushes `image`; asserts the one-stream estimate equals each pushed blob, the
 * default estimate is within `chunkedBound` of it per layer (and equal for layers of one chunk),
 * and the total is within 0.5%. Returns the totals.
 */
async function compareWithPush(
  t: TestContext,
  registry: TestRegistry,
  image: string,
  chunkedBound: number
): Promise<{ pushed: number; estimate: number }> {
  const [figures, pushed] = await Promise.all([
    estimateLayers(image, [{}, EXACT]),
    push(registry, image)
  ])
  // Go's gzip.Writer: no name, no mtime, default level (XFL 0), OS "unknown" (255) — the
  // 10 bytes of framing our 18 count on.
  for (const h of pushed.headers) assert.equal(h, '1f8b08000000000000ff')
  let pushedTotal = 0
  let estimateTotal = 0
  pushed.diffIds.forEach((diffId, i) => {
    const f = figures.find(x => x.diffId === diffId)
    assert.ok(f, `layer ${i} (${diffId}) was saved`)
    const size = pushed.sizes[i] ?? NaN
    const [chunked = NaN, exact = NaN] = f.estimates
    const dev = (chunked - size) / size
    t.diagnostic(
      `${image} layer ${i}: tar ${f.tarBytes} B, pushed ${size} B, one stream ${exact} B, ` +
        `4 MiB chunks ${chunked} B (${(dev * 100).toFixed(4)}%)`
    )
    assert.equal(exact, size, `layer ${i}: one stream gives the pushed size exactly`)
    if (f.tarBytes <= 4 * 1024 * 1024) assert.equal(chunked, size, `layer ${i}: one chunk`)
    else assert.ok(Math.abs(dev) <= chunkedBound, `layer ${i}: ${chunked} vs pushed ${size}`)
    pushedTotal += size
    estimateTotal += chunked
  })
  const dev = (estimateTotal - pushedTotal) / pushedTotal
  t.diagnostic(
    `${image}: pushed ${pushedTotal} B, estimate ${estimateTotal} B (${(dev * 100).toFixed(4)}%)`
  )
  assert.ok(Math.abs(dev) <= 0.005, `total within 0.5%: ${estimateTotal} vs ${pushedTotal}`)
  return { pushed: pushedTotal, estimate: estimateTotal }
}

let registry: TestRegistry
const example = uniqueTag('compress-example')
const mixed = uniqueTag('compress-mixed')

before(async () => {
  registry = await startRegistry()
  await docker([
    'build',
    '-q',
    '-t',
    example,
    '--build-arg',
    `GO_IMAGE=${LOCAL_GO}`,
    '--build-arg',
    `RUNTIME_IMAGE=${LOCAL_BUSYBOX}`,
    EXAMPLE
  ])
  // ~45 MB over three layers: Go source (text), compiler binaries, and text plus random bytes.
  await buildImage({
    tag: mixed,
    dockerfile: [
      `FROM ${LOCAL_GO} AS toolchain`,
      `FROM ${LOCAL_BUSYBOX}`,
      'COPY --from=toolchain /usr/share/go-1.19/src/crypto /src/crypto',
      'COPY --from=toolchain /usr/lib/go-1.19/pkg/tool/linux_amd64/compile /usr/lib/go-1.19/pkg/tool/linux_amd64/link /tools/',
      'RUN seq 1 800000 > /seq.txt && head -c 2000000 /dev/urandom > /rand && cp /bin/busybox /bb',
      ''
    ].join('\n')
  })
})

after(async () => {
  await removeImages(example, mixed)
  await registry?.stop()
})

describe('compressed-size estimate vs what docker push stores', () => {
  test(
    "the example's final image: within 0.01%, one stream exact",
    { timeout: 300_000 },
    async t => {
      const { pushed, estimate } = await compareWithPush(t, registry, example, 0.0001)
      assert.ok(Math.abs(estimate - pushed) / pushed <= 0.0001, `${estimate} vs pushed ${pushed}`)
      // What a run reports is that same figure.
      const r = await readImage(
        { transport: 'docker-daemon', ref: example },
        { compress: true, collectEntries: false }
      )
      assert.equal(r.compressed?.exact, false)
      assert.equal(r.compressed?.size, estimate)
    }
  )

  test('mixed layers of 9–21 MB: one stream exact, 4 MiB chunks within 0.05%', async t => {
    const { pushed } = await compareWithPush(t, registry, mixed, 0.0005)
    assert.ok(pushed > 15_000_000, `the mixed image is medium-sized (${pushed} B pushed)`)
  })

  test(
    'the ~460 MB Go toolchain image (ISB_SLOW_TESTS=1)',
    { skip: !SLOW && 'set ISB_SLOW_TESTS=1', timeout: 900_000 },
    async t => {
      const { pushed } = await compareWithPush(t, registry, LOCAL_GO, 0.0005)
      assert.ok(pushed > 100_000_000, 'the big image')
    }
  )

  test('an empty stream, and bad options', async () => {
    const est = new GzipSizeEstimator()
    // Go's gzip.NewWriter closed at once: 10-byte header, an empty final block, 8-byte trailer.
    assert.equal(await est.end(), 23)
    assert.throws(() => new GzipSizeEstimator({ chunkSize: 1000 }), /chunkSize must be an integer/)
  })
})
