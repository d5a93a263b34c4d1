import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { evaluateBudgets } from '../../src/budgets.ts'
import type { ImageMeasurement } from '../../src/model.ts'

function image(size: number, extra: Partial<ImageMeasurement> = {}): ImageMeasurement {
  return { ref: 'img', id: 'sha256:0', platform: 'linux/amd64', size, layers: [], ...extra }
}

describe('size budgets at the boundary', () => {
  test('equal passes, one byte over fails', () => {
    const [equal] = evaluateBudgets({ maxSize: 30_000_000 }, { final: image(30_000_000) })
    assert.equal(equal!.passed, true)
    const [over] = evaluateBudgets({ maxSize: 30_000_000 }, { final: image(30_000_001) })
    assert.equal(over!.passed, false)
    assert.equal(over!.actual, 30_000_001)
    assert.equal(over!.limit, 30_000_000)
    assert.match(
      over!.message,
      /final image 30 MB \(30,000,001 bytes\) exceeds max-size 30 MB by 1 B/
    )
  })

  test('the message gives both values in human units and bytes', () => {
    const [result] = evaluateBudgets({ maxSize: 30_000_000 }, { final: image(31_204_112) })
    assert.equal(
      result!.message,
      'final image 31.2 MB (31,204,112 bytes) exceeds max-size 30 MB by 1.2 MB (1,204,112 bytes)'
    )
  })

  test('ratio: equal passes in fraction and percent form, just over fails', () => {
    const builder = image(1_000_000)
    assert.equal(
      evaluateBudgets({ maxRatio: 0.05 }, { final: image(50_000), builder })[0]!.passed,
      true
    )
    assert.equal(
      evaluateBudgets({ maxRatio: 5 / 100 }, { final: image(50_000), builder })[0]!.passed,
      true
    )
    assert.equal(
      evaluateBudgets({ maxRatio: 0.05 }, { final: image(50_001), builder })[0]!.passed,
      false
    )
  })

  test('max-ratio without a builder is an error that says there is no builder stage', () => {
    assert.throws(
      () => evaluateBudgets({ maxRatio: 0.05 }, { final: image(1) }),
      /max-ratio.*no builder stage/
    )
  })

  test('layer count and compressed size', () => {
    const layers = [0, 1, 2].map(index => ({
      index,
      diffId: `sha256:${index}`,
      size: 1,
      createdBy: ''
    }))
    const final = image(3, { layers, compressed: { size: 2_000_000, exact: false } })
    const results = evaluateBudgets({ maxLayers: 3, maxCompressedSize: 1_999_999 }, { final })
    assert.deepEqual(
      results.map(r => [r.name, r.passed]),
      [
        ['max-compressed-size', false],
        ['max-layers', true]
      ]
    )
    assert.match(results[0]!.subject, /estimate/)
  })

  test('max-compressed-size without a compressed measurement is an error', () => {
    assert.throws(
      () => evaluateBudgets({ maxCompressedSize: 1 }, { final: image(1) }),
      /compressed: none/
    )
  })

  test('efficiency is a floor, wasted bytes a ceiling', () => {
    const final = image(10, {
      waste: { efficiency: 0.9, removableBytes: 1000, topPaths: [], largestFiles: [] }
    })
    const results = evaluateBudgets({ minEfficiency: 0.9, maxWastedSize: 999 }, { final })
    assert.deepEqual(
      results.map(r => [r.name, r.passed]),
      [
        ['max-wasted-size', false],
        ['min-efficiency', true]
      ]
    )
  })
})
