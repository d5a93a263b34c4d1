/**
 * The on-disk cache of compressed-size estimates (`src/image/estimate-cache.ts`): where it lives,
 * hits and misses, entries it must not trust, turning it off, concurrent writers (threads of this
 * process and other processes), the bound, and the pure helpers that put cached figures into a
 * read. The estimator itself is not run here.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  EstimateCache,
  cacheLocation,
  estimatesOf,
  estimatorKey,
  parseEntry,
  withKnownEstimates
} from '../../src/image/estimate-cache.ts'
import type { ImageRead } from '../../src/image/read.ts'

const ID_A = `sha256:${'a'.repeat(64)}`
const ID_B = `sha256:${'b'.repeat(64)}`
const ID_C = `sha256:${'c'.repeat(64)}`

let root: string
before(async () => (root = await mkdtemp(join(tmpdir(), 'isb-estimate-cache-'))))
after(async () => rm(root, { recursive: true, force: true }))

/** A cache in a fresh directory of its own. */
async function freshCache(maxEntries?: number): Promise<EstimateCache> {
  const dir = await mkdtemp(join(root, 'c-'))
  const cache = await EstimateCache.open({
    location: { dir },
    estimator: 'test-estimator',
    ...(maxEntries !== undefined ? { maxEntries } : {})
  })
  assert.ok(cache instanceof EstimateCache)
  return cache
}

describe('cacheLocation', () => {
  const home = '/home/u'
  const cases: [string, Record<string, string | undefined>, string | undefined, unknown][] = [
    ['HOME by default', {}, home, { dir: '/home/u/.cache/image-size-budget' }],
    ['XDG_CACHE_HOME', { XDG_CACHE_HOME: '/x' }, home, { dir: '/x/image-size-budget' }],
    [
      'a relative XDG_CACHE_HOME is ignored (XDG spec)',
      { XDG_CACHE_HOME: 'rel' },
      home,
      { dir: '/home/u/.cache/image-size-budget' }
    ],
    ['ISB_CACHE_DIR wins', { ISB_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, home, { dir: '/c' }],
    ['ISB_NO_CACHE=1 turns it off', { ISB_NO_CACHE: '1', ISB_CACHE_DIR: '/c' }, home, 'disabled'],
    ['ISB_NO_CACHE=true turns it off', { ISB_NO_CACHE: 'true' }, home, 'disabled'],
    [
      'ISB_NO_CACHE=0 leaves it on',
      { ISB_NO_CACHE: '0' },
      home,
      { dir: '/home/u/.cache/image-size-budget' }
    ],
    [
      'ISB_NO_CACHE= leaves it on',
      { ISB_NO_CACHE: '' },
      home,
      { dir: '/home/u/.cache/image-size-budget' }
    ],
    ['no home and nothing set: off', {}, '', 'disabled']
  ]
  for (const [name, env, h, want] of cases) {
    test(name, () => {
      const got = cacheLocation(env, h)
      if (want === 'disabled') assert.ok('disabled' in got, JSON.stringify(got))
      else assert.deepEqual(got, want)
    })
  }

  test('a disabled location opens no cache', async () => {
    const got = await EstimateCache.open({ location: cacheLocation({ ISB_NO_CACHE: '1' }) })
    assert.deepEqual(got, { disabled: 'ISB_NO_CACHE=1' })
  })
})

describe('EstimateCache', () => {
  test('miss, then hit after put; other diff IDs still miss', async () => {
    const cache = await freshCache()
    assert.equal(await cache.get(ID_A), undefined)
    assert.equal(await cache.put(ID_A, 3_693_688), true)
    assert.equal(await cache.get(ID_A), 3_693_688)
    assert.equal(await cache.get(ID_B), undefined)
    // What is on disk: one file named by the diff ID's hex, nothing temporary left.
    assert.deepEqual(await readdir(cache.dir), ['a'.repeat(64)])
  })

  test('getAll returns the hits only, each diff ID once', async () => {
    const cache = await freshCache()
    await cache.putAll(
      new Map([
        [ID_A, 10],
        [ID_B, 0]
      ])
    )
    const got = await cache.getAll([ID_A, ID_C, ID_B, ID_A])
    assert.deepEqual([...got.entries()].sort(), [
      [ID_A, 10],
      [ID_B, 0]
    ])
  })

  test('the estimator names its own directory: another estimator misses', async () => {
    const dir = await mkdtemp(join(root, 'e-'))
    const one = await EstimateCache.open({ location: { dir }, estimator: 'one' })
    const two = await EstimateCache.open({ location: { dir }, estimator: 'two' })
    assert.ok(one instanceof EstimateCache && two instanceof EstimateCache)
    await one.put(ID_A, 5)
    assert.equal(await two.get(ID_A), undefined)
  })

  test('corrupt, foreign and malformed entries are misses, and are overwritten by put', async () => {
    const cache = await freshCache()
    await mkdir(cache.dir, { recursive: true })
    const path = join(cache.dir, 'a'.repeat(64))
    const bad = [
      '',
      '{"diffId":"sha256:aaaa',
      'null',
      '[]',
      JSON.stringify({ diffId: ID_B, size: 7 }), // names another layer
      JSON.stringify({ diffId: ID_A }),
      JSON.stringify({ diffId: ID_A, size: -1 }),
      JSON.stringify({ diffId: ID_A, size: 1.5 }),
      JSON.stringify({ diffId: ID_A, size: '7' })
    ]
    for (const text of bad) {
      await writeFile(path, text)
      assert.equal(await cache.get(ID_A), undefined, text)
    }
    await cache.put(ID_A, 7)
    assert.equal(await cache.get(ID_A), 7)
  })

  test('bad keys and sizes are refused without I/O errors', async () => {
    const cache = await freshCache()
    assert.equal(await cache.get('sha256:../../etc/passwd'), undefined)
    assert.equal(await cache.put('sha256:../../x', 1), false)
    assert.equal(await cache.put(ID_A, Number.NaN), false)
    assert.equal(await cache.put(ID_A, -3), false)
  })

  test('a cache it cannot write to is a miss, not an error', async () => {
    const file = join(root, 'not-a-dir')
    await writeFile(file, 'x')
    const cache = await EstimateCache.open({ location: { dir: file }, estimator: 'e' })
    assert.ok(cache instanceof EstimateCache)
    assert.equal(await cache.put(ID_A, 1), false)
    assert.equal(await cache.get(ID_A), undefined)
  })

  test('concurrent writers in one process leave one whole entry', async () => {
    const cache = await freshCache()
    await Promise.all(Array.from({ length: 50 }, () => cache.put(ID_A, 123_456)))
    assert.equal(await cache.get(ID_A), 123_456)
    assert.deepEqual(await readdir(cache.dir), ['a'.repeat(64)])
  })

  test('concurrent writers in several processes, readers never see half an entry', async () => {
    const cache = await freshCache()
    const dir = cache.dir.slice(0, cache.dir.indexOf('/estimates/'))
    const url = new URL('../../src/image/estimate-cache.ts', import.meta.url).href
    // Each writer stores 200 layers; all write the same figures.
    const script = `
      const { EstimateCache } = await import(${JSON.stringify(url)})
      const c = await EstimateCache.open({ location: { dir: ${JSON.stringify(dir)} }, estimator: 'test-estimator' })
      const m = new Map()
      for (let i = 0; i < 200; i++) m.set('sha256:' + i.toString(16).padStart(64, '0'), i * 1000)
      await c.putAll(m)
    `
    const writers = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' })
    )
    const done = writers.map(
      w => new Promise<number | null>(resolve => w.on('close', code => resolve(code)))
    )
    // Read while they write: every entry read is whole and right, or absent.
    let running = true
    void Promise.all(done).then(() => (running = false))
    while (running) {
      for (let i = 0; i < 200; i += 7) {
        const got = await cache.get(`sha256:${i.toString(16).padStart(64, '0')}`)
        if (got !== undefined) assert.equal(got, i * 1000)
      }
    }
    assert.deepEqual(await Promise.all(done), [0, 0, 0, 0])
    const names = await readdir(cache.dir)
    assert.equal(names.length, 200)
    assert.ok(
      names.every(n => /^[0-9a-f]{64}$/.test(n)),
      'no temporary file is left'
    )
    for (const n of names) {
      const text = await readFile(join(cache.dir, n), 'utf8')
      assert.equal(parseEntry(text, `sha256:${n}`), parseInt(n, 16) * 1000)
    }
  })

  test('past its bound it drops the least recently used entries', async () => {
    const cache = await freshCache(8)
    const ids = Array.from({ length: 8 }, (_, i) => `sha256:${i.toString(16).padStart(64, '0')}`)
    await cache.putAll(new Map(ids.map((id, i) => [id, i])))
    // Make entry 0 the oldest-written but most recently used, entries 1…8 older.
    const old = new Date(Date.now() - 3_600_000)
    for (const [k, id] of ids.entries()) {
      const t = new Date(old.getTime() + k * 1000)
      await utimes(join(cache.dir, id.slice(7)), t, t)
    }
    assert.equal(await cache.get(ids[0] ?? ''), 0) // touched: now the newest
    await cache.put(ID_A, 99) // 9 entries > 8: pruned down to 6
    const names = new Set(await readdir(cache.dir))
    assert.equal(names.size, 6)
    assert.ok(names.has('a'.repeat(64)), 'the new entry stays')
    assert.ok(names.has((ids[0] ?? '').slice(7)), 'the entry just used stays')
    assert.ok(!names.has((ids[1] ?? '').slice(7)), 'the least recently used goes')
  })
})

describe('estimatorKey', () => {
  test('names the wasm and the chunk size', async () => {
    const a = await estimatorKey(4 * 1024 * 1024)
    assert.match(a, /^[0-9a-f]{16}$/)
    assert.equal(await estimatorKey(4 * 1024 * 1024), a)
    assert.notEqual(await estimatorKey(1024 * 1024), a)
  })
})

describe('withKnownEstimates and estimatesOf', () => {
  const read = (): ImageRead => ({
    id: `sha256:${'f'.repeat(64)}`,
    platform: 'linux/amd64',
    config: {} as ImageRead['config'],
    layers: [
      { diffId: ID_A, size: 100, tarBytes: 2048, fileCount: 1, compression: 'tar' },
      { diffId: ID_B, size: 200, tarBytes: 4096, fileCount: 2, compression: 'tar' },
      { diffId: ID_A, size: 100, tarBytes: 2048, fileCount: 1, compression: 'tar' }
    ]
  })

  test('fills every tar layer and the total, as an estimate', () => {
    const got = withKnownEstimates(
      read(),
      new Map([
        [ID_A, 40],
        [ID_B, 70]
      ])
    )
    assert.deepEqual(
      got?.layers.map(l => l.compressedSize),
      [40, 70, 40]
    )
    assert.deepEqual(got?.compressed, { size: 150, exact: false })
    assert.deepEqual(
      estimatesOf(got as ImageRead),
      new Map([
        [ID_A, 40],
        [ID_B, 70]
      ])
    )
  })

  test('a layer without a known estimate gives undefined', () => {
    assert.equal(withKnownEstimates(read(), new Map([[ID_A, 40]])), undefined)
  })

  test('compressed blobs keep their exact sizes and are not cached', () => {
    const r = read()
    r.layers = [
      {
        diffId: ID_C,
        size: 1,
        tarBytes: 1024,
        fileCount: 1,
        compression: 'gzip',
        compressedSize: 33
      }
    ]
    const got = withKnownEstimates(r, new Map())
    assert.deepEqual(got?.compressed, { size: 33, exact: true })
    assert.equal(estimatesOf(r).size, 0)
  })
})
