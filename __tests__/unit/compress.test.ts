/**
 * The compressed-size estimator's mechanics, on the real WebAssembly module (no engine needed):
 * the chunked figure does not depend on how many threads run it or how the input is cut, an
 * abandoned estimate gives its thread back, and bad options fail before any work. Its accuracy
 * against `docker push` is tested in `__tests__/itg/compress.itg.test.ts`.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GzipSizeEstimator, estimateGzipSize } from '../../src/image/compress.ts'
import { DeflatePool } from '../../src/image/gogzip/pool.ts'

/** ~10 MB of semi-compressible bytes (three 4 MiB chunks), the same on every call. */
function sample(): Buffer {
  const b = Buffer.alloc(10_000_000)
  let x = 12345
  for (let i = 0; i < b.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    b[i] = i % 4096 < 2048 ? 97 + ((x >>> 16) % 8) : (x >>> 24) & 0xff
  }
  return b
}

/** `data` cut into pieces of `size` bytes. */
async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size)
}

describe('GzipSizeEstimator', () => {
  test('an empty stream is an empty gzip member (23 bytes, as Go writes it)', async () => {
    assert.equal(await new GzipSizeEstimator().end(), 23)
  })

  test('the figure depends on the bytes, not on threads or read sizes', async () => {
    const data = sample()
    const one = new DeflatePool({ size: 1 })
    const two = new DeflatePool({ size: 2 })
    try {
      const a = await estimateGzipSize(pieces(data, 65536), { pool: one })
      const b = await estimateGzipSize(pieces(data, 1_000_003), { pool: two })
      const c = await estimateGzipSize(pieces(data, 4099), {
        pool: two,
        chunkSize: 4 * 1024 * 1024
      })
      assert.equal(a, b)
      assert.equal(a, c)
      assert.ok(a > 3_000_000 && a < 9_000_000, `compressed ${a} of 10 MB`)
      // One stream differs from the chunked figure by a few bytes per chunk boundary.
      const exact = await estimateGzipSize(pieces(data, 65536), { pool: one, chunkSize: Infinity })
      assert.ok(Math.abs(exact - a) / exact < 0.001, `one stream ${exact} vs chunked ${a}`)
    } finally {
      one.close()
      two.close()
    }
  })

  test('an abandoned estimate gives its thread back', async () => {
    const pool = new DeflatePool({ size: 1 })
    try {
      const data = sample()
      const est = new GzipSizeEstimator({ pool, chunkSize: Infinity })
      await est.write(data.subarray(0, 3_000_000))
      est.destroy()
      await assert.rejects(est.end(), /abandoned/)
      await assert.rejects(est.write(data), /abandoned/)
      // The pool's only thread serves the next estimate.
      const n = await estimateGzipSize(pieces(data.subarray(0, 100_000), 4096), { pool })
      assert.ok(n > 1000)
    } finally {
      pool.close()
    }
  })

  test('bad options are refused before any work', () => {
    assert.throws(() => new GzipSizeEstimator({ chunkSize: 1000 }), /chunkSize must be an integer/)
    assert.throws(() => new DeflatePool({ size: 0 }), /size must be an integer ≥ 1/)
  })
})
