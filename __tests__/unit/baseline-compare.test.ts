import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEFAULT_MIN_CHANGE,
  compareWithBaseline,
  evaluateIncrease,
  parseIncrease
} from '../../src/baseline/compare.ts'
import type { ImageMeasurement } from '../../src/model.ts'

/** `list[i]`, asserted present. */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i]
  assert.ok(item !== undefined, `item ${i} of ${list.length}`)
  return item
}

function image(size: number, compressed?: ImageMeasurement['compressed']): ImageMeasurement {
  return {
    ref: `img-${size}`,
    id: `sha256:${'0'.repeat(64)}`,
    platform: 'linux/amd64',
    size,
    layers: [],
    ...(compressed ? { compressed } : {})
  }
}

describe('compareWithBaseline', () => {
  it('min-change defaults to 1 kB', () => {
    assert.equal(DEFAULT_MIN_CHANGE, 1000)
  })

  const cases: {
    name: string
    final: number
    baseline: number
    minChange?: number
    change: number
    percent: number
    unchanged: boolean
  }[] = [
    {
      name: 'growth',
      final: 1_100_000,
      baseline: 1_000_000,
      change: 100_000,
      percent: 10,
      unchanged: false
    },
    {
      name: 'shrink',
      final: 750_000,
      baseline: 1_000_000,
      change: -250_000,
      percent: -25,
      unchanged: false
    },
    {
      name: '999 B is unchanged',
      final: 1_000_999,
      baseline: 1_000_000,
      change: 999,
      percent: 0.0999,
      unchanged: true
    },
    {
      name: '1000 B is a change',
      final: 1_001_000,
      baseline: 1_000_000,
      change: 1000,
      percent: 0.1,
      unchanged: false
    },
    {
      name: '-999 B is unchanged',
      final: 999_001,
      baseline: 1_000_000,
      change: -999,
      percent: -0.0999,
      unchanged: true
    },
    {
      name: 'min-change 0: any byte counts',
      final: 1_000_001,
      baseline: 1_000_000,
      minChange: 0,
      change: 1,
      percent: 0.0001,
      unchanged: false
    },
    {
      name: 'min-change 0: equal is unchanged only by value',
      final: 5,
      baseline: 5,
      minChange: 0,
      change: 0,
      percent: 0,
      unchanged: false
    },
    {
      name: 'empty baseline: percent 0',
      final: 10_000,
      baseline: 0,
      change: 10_000,
      percent: 0,
      unchanged: false
    }
  ]
  for (const c of cases) {
    it(c.name, () => {
      const result = compareWithBaseline(image(c.final), image(c.baseline), c.minChange)
      assert.equal(result.change, c.change)
      assert.ok(Math.abs(result.changePercent - c.percent) < 1e-9, `${result.changePercent}`)
      assert.equal(result.unchanged, c.unchanged)
      assert.equal(result.compressedChange, undefined)
      assert.equal(result.compressedChangePercent, undefined)
    })
  }

  it('compressed change and percent when both sides have one of the same kind', () => {
    const result = compareWithBaseline(
      image(2_000_000, { size: 800_000, exact: true }),
      image(1_000_000, { size: 500_000, exact: true })
    )
    assert.equal(result.compressedChange, 300_000)
    assert.equal(result.compressedChangePercent, 60)
  })

  it("an exact size compares through its kept estimate with another image's estimate", () => {
    const result = compareWithBaseline(
      image(2_000_000, { size: 800_000, exact: false }),
      image(1_000_000, { size: 450_000, exact: true, estimate: 500_000 })
    )
    assert.equal(result.compressedChange, 300_000)
    assert.equal(result.compressedChangePercent, 60)
    const budgets = evaluateIncrease(
      { bytes: 300_000 },
      image(2_000_000, { size: 800_000, exact: false }),
      image(1_000_000, { size: 450_000, exact: true, estimate: 500_000 })
    )
    assert.equal(budgets.length, 2)
    assert.equal(at(budgets, 1).actual, 300_000)
    assert.equal(at(budgets, 1).passed, true)
    assert.match(at(budgets, 1).subject, /\(estimate\)/)
  })

  it('no compressed change between an exact size and an estimate (not comparable)', () => {
    const result = compareWithBaseline(
      image(2_000_000, { size: 800_000, exact: false }),
      image(1_000_000, { size: 500_000, exact: true })
    )
    assert.equal(result.compressedChange, undefined)
    assert.equal(result.compressedChangePercent, undefined)
  })

  it('no compressed change when only one side has one', () => {
    const result = compareWithBaseline(image(2, { size: 1, exact: true }), image(1))
    assert.equal(result.compressedChange, undefined)
  })

  it('a change below min-change is not "unchanged" when max-increase fails on it', () => {
    // 26 bytes of growth: below the 1 kB min-change, above a max-increase of 0.
    const final = image(1_000_026)
    const baseline = image(1_000_000)
    const budgets = evaluateIncrease(parseIncrease('0', 'max-increase'), final, baseline)
    assert.equal(at(budgets, 0).passed, false)
    assert.equal(compareWithBaseline(final, baseline, 1000).unchanged, true, 'without budgets')
    const result = compareWithBaseline(final, baseline, 1000, budgets)
    assert.equal(result.unchanged, false)
    assert.equal(result.change, 26)
    // A passing max-increase leaves min-change in charge.
    const passing = evaluateIncrease(parseIncrease('1kB', 'max-increase'), final, baseline)
    assert.equal(compareWithBaseline(final, baseline, 1000, passing).unchanged, true)
  })

  it('rejects a negative or fractional min-change', () => {
    assert.throws(() => compareWithBaseline(image(1), image(1), -1), /min-change/)
    assert.throws(() => compareWithBaseline(image(1), image(1), 1.5), /min-change/)
  })
})

describe('parseIncrease', () => {
  const good: [string, ReturnType<typeof parseIncrease>][] = [
    ['5MB', { bytes: 5_000_000 }],
    ['5 MiB', { bytes: 5 * 1024 * 1024 }],
    ['1.5kB', { bytes: 1500 }],
    ['0', { bytes: 0 }],
    ['31457280', { bytes: 31_457_280 }],
    ['5%', { fraction: 0.05 }],
    [' 0.5 % ', { fraction: 0.005 }],
    ['0%', { fraction: 0 }],
    ['150%', { fraction: 1.5 }]
  ]
  for (const [input, expected] of good) {
    it(`parses "${input}"`, () => assert.deepEqual(parseIncrease(input, 'max-increase'), expected))
  }
  for (const bad of ['-5MB', '-5%', '0.05', '5 XB', 'MB', '%', 'abc', '1e3', '5%%', '']) {
    it(`rejects "${bad}" naming the input and both forms`, () => {
      assert.throws(
        () => parseIncrease(bad, 'max-increase'),
        (error: Error) =>
          error.message.startsWith('Input max-increase:') &&
          error.message.includes(`"${bad}"`) &&
          error.message.includes('percentage') &&
          error.message.includes('MB')
      )
    })
  }
})

describe('evaluateIncrease', () => {
  it('bytes: equal passes, one byte over fails', () => {
    const base = image(10_000_000)
    const equal = evaluateIncrease({ bytes: 5_000_000 }, image(15_000_000), base)
    assert.equal(at(equal, 0).passed, true)
    assert.equal(at(equal, 0).actual, 5_000_000)
    assert.equal(at(equal, 0).unit, 'bytes')
    assert.equal(at(equal, 0).name, 'max-increase')
    const over = evaluateIncrease({ bytes: 5_000_000 }, image(15_000_001), base)
    assert.equal(at(over, 0).passed, false)
    assert.match(at(over, 0).message, /exceeds max-increase 5 MB by 1 B \(1 byte\)/)
  })

  it('percent: equal passes, one byte over fails, also for a percent not exact in binary', () => {
    const base = image(1_000_000)
    assert.equal(at(evaluateIncrease({ fraction: 0.05 }, image(1_050_000), base), 0).passed, true)
    assert.equal(at(evaluateIncrease({ fraction: 0.05 }, image(1_050_001), base), 0).passed, false)
    const onePointOne = parseIncrease('1.1%', 'max-increase')
    assert.equal(at(evaluateIncrease(onePointOne, image(1_011_000), base), 0).passed, true)
    assert.equal(at(evaluateIncrease(onePointOne, image(1_011_001), base), 0).passed, false)
    const result = at(evaluateIncrease({ fraction: 0.05 }, image(1_100_000), base), 0)
    assert.equal(result.unit, 'ratio')
    assert.equal(result.limit, 0.05)
    assert.ok(Math.abs(result.actual - 0.1) < 1e-12)
    assert.match(result.message, /10% .*exceeds max-increase 5% by 5 percentage points/)
  })

  it('a shrinking image passes even a zero limit', () => {
    const bytes = evaluateIncrease({ bytes: 0 }, image(900), image(1000))
    const percent = evaluateIncrease({ fraction: 0 }, image(900), image(1000))
    assert.equal(at(bytes, 0).passed, true)
    assert.equal(at(bytes, 0).actual, -100)
    assert.equal(at(percent, 0).passed, true)
  })

  it('adds the compressed size only when both images have one, labelling estimates', () => {
    assert.equal(
      evaluateIncrease({ bytes: 0 }, image(1, { size: 1, exact: true }), image(1)).length,
      1
    )
    const exact = evaluateIncrease(
      { bytes: 100 },
      image(1000, { size: 600, exact: true }),
      image(1000, { size: 500, exact: true })
    )
    assert.equal(exact.length, 2)
    assert.equal(at(exact, 0).passed, true)
    assert.equal(at(exact, 1).actual, 100)
    assert.equal(at(exact, 1).passed, true)
    assert.doesNotMatch(at(exact, 1).subject, /estimate/)
    const estimate = evaluateIncrease(
      { bytes: 99 },
      image(1000, { size: 600, exact: false }),
      image(1000, { size: 500, exact: false })
    )
    assert.equal(at(estimate, 1).passed, false)
    assert.match(at(estimate, 1).subject, /compressed size .*\(estimate\)/)
    const mixed = evaluateIncrease(
      { bytes: 0 },
      image(1000, { size: 600, exact: false }),
      image(1000, { size: 500, exact: true })
    )
    assert.equal(mixed.length, 1, 'an estimate is not compared with an exact size')
  })

  it('a percentage of an empty baseline is an error naming max-increase', () => {
    assert.throws(
      () => evaluateIncrease({ fraction: 0.05 }, image(10), image(0)),
      /max-increase: a percentage needs a baseline larger than 0 bytes/
    )
  })
})
