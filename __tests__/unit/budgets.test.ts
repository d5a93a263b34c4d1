import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  budgetRowPasses,
  evaluateBudgets,
  increaseFailed,
  recheckBudgets
} from '../../src/budgets.ts'
import type { BudgetResult, ImageMeasurement } from '../../src/model.ts'

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

describe('wording', () => {
  test('an efficiency shortfall is in percentage points, not "% points"', () => {
    const final = image(10, {
      waste: { efficiency: 0.8, removableBytes: 2, topPaths: [], largestFiles: [] }
    })
    const [result] = evaluateBudgets({ minEfficiency: 0.9 }, { final })
    assert.equal(
      result!.message,
      'final image efficiency 80% (0.8) is below min-efficiency 90% by 10 percentage points'
    )
    assert.doesNotMatch(result!.message, /% points/)
  })

  test('a tiny ratio prints without an exponent', () => {
    const [result] = evaluateBudgets(
      { maxRatio: 0.05 },
      { final: image(26), builder: image(460_000_000) }
    )
    assert.doesNotMatch(result!.message, /\de-\d/)
    assert.match(result!.message, /\(0\.00000005652174\)/)
  })
})

function row(
  name: BudgetResult['name'],
  unit: BudgetResult['unit'],
  limit: number,
  actual: number,
  passed: boolean
): BudgetResult {
  return { name, subject: 'final image', unit, limit, actual, passed, message: 'as claimed' }
}

describe('budget rows are rechecked from their limit and actual (untrusted reports)', () => {
  const cases: [string, BudgetResult, boolean][] = [
    // The forged row of the issue: "limit 1 MB, actual 6.62 MB, ✅".
    ['max-size over its limit', row('max-size', 'bytes', 1_000_000, 6_620_000, true), false],
    ['max-size equal to its limit', row('max-size', 'bytes', 1_000_000, 1_000_000, false), true],
    ['max-size one byte over', row('max-size', 'bytes', 1_000_000, 1_000_001, true), false],
    ['max-layers under', row('max-layers', 'count', 5, 4, false), true],
    ['max-ratio over', row('max-ratio', 'ratio', 0.05, 0.0500001, true), false],
    [
      'min-efficiency is a floor: below fails',
      row('min-efficiency', 'ratio', 0.9, 0.89, true),
      false
    ],
    ['min-efficiency equal passes', row('min-efficiency', 'ratio', 0.9, 0.9, false), true],
    ['min-efficiency above passes', row('min-efficiency', 'ratio', 0.9, 0.95, false), true],
    ['max-increase bytes over', row('max-increase', 'bytes', 0, 26, true), false],
    ['max-increase shrink passes', row('max-increase', 'bytes', 0, -5, false), true],
    // 1.1% growth is inexact in binary: 11,000 / 1,000,000 vs 0.011.
    [
      'max-increase percent equal',
      row('max-increase', 'ratio', 0.011, 11_000 / 1_000_000, false),
      true
    ],
    ['a non-finite actual fails', row('max-size', 'bytes', 1, Number.NaN, true), false],
    ['a forged negative size fails', row('max-size', 'bytes', 1_000_000, -5, true), false],
    ['a forged negative limit fails', row('max-layers', 'count', -1, -2, true), false]
  ]
  for (const [name, input, passed] of cases) {
    test(name, () => {
      assert.equal(budgetRowPasses(input), passed)
      const [rechecked] = recheckBudgets([input])
      assert.equal(rechecked!.passed, passed)
      if (passed !== input.passed) assert.match(rechecked!.message, /recomputed/)
      else assert.equal(rechecked!.message, 'as claimed')
    })
  }

  test('recheckBudgets leaves its input alone', () => {
    const input = [row('max-size', 'bytes', 1_000_000, 6_620_000, true)]
    const out = recheckBudgets(input)
    assert.equal(input[0]!.passed, true)
    assert.equal(out[0]!.passed, false)
    assert.match(out[0]!.message, /6\.62 MB .* fails max-size 1 MB/)
  })

  test('every row evaluateBudgets makes rechecks to the same status', () => {
    const final = image(30_000_001, {
      waste: { efficiency: 0.9, removableBytes: 1000, topPaths: [], largestFiles: [] }
    })
    const results = evaluateBudgets(
      { maxSize: 30_000_000, maxRatio: 0.5, minEfficiency: 0.9, maxWastedSize: 1000 },
      { final, builder: image(60_000_002) }
    )
    assert.deepEqual(
      recheckBudgets(results).map(r => r.passed),
      results.map(r => r.passed)
    )
  })
})

test('increaseFailed: only a failed max-increase counts', () => {
  assert.equal(increaseFailed([row('max-increase', 'bytes', 0, 26, false)]), true)
  assert.equal(increaseFailed([row('max-increase', 'bytes', 0, 0, true)]), false)
  assert.equal(increaseFailed([row('max-size', 'bytes', 0, 26, false)]), false)
  assert.equal(increaseFailed([]), false)
})
