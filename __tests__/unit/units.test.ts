import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  efficiencyOutput,
  formatBytes,
  formatBytesExact,
  formatPercent,
  formatPercentagePoints,
  parseRatio,
  parseSize,
  percentOutput,
  plainDecimal,
  ratioOutput
} from '../../src/units.ts'

describe('parseSize', () => {
  const good: [string, number][] = [
    ['31457280', 31_457_280],
    ['0', 0],
    ['30MB', 30_000_000],
    ['30 MB', 30_000_000],
    ['30mb', 30_000_000],
    ['1.5GB', 1_500_000_000],
    ['512kB', 512_000],
    ['512KB', 512_000],
    ['10B', 10],
    ['1KiB', 1024],
    ['30MiB', 31_457_280],
    ['1.5 GiB', 1_610_612_736],
    ['  2mib ', 2_097_152],
    ['.5GB', 500_000_000]
  ]
  for (const [text, bytes] of good) {
    test(`${JSON.stringify(text)} → ${bytes}`, () =>
      assert.equal(parseSize(text, 'max-size'), bytes))
  }

  for (const bad of ['30 XB', '-5MB', 'MB', '1e3', '', '1.5', 'abc', '5 M B', '0x10']) {
    test(`${JSON.stringify(bad)} is rejected naming the input and the forms`, () => {
      assert.throws(
        () => parseSize(bad, 'max-size'),
        (error: Error) =>
          error.message.includes('max-size') &&
          error.message.includes(JSON.stringify(bad)) &&
          error.message.includes('MiB') &&
          error.message.includes('powers of 1000')
      )
    })
  }
})

describe('parseRatio', () => {
  for (const [text, ratio] of [
    ['0.05', 0.05],
    ['5%', 0.05],
    ['5 %', 0.05],
    ['1', 1],
    ['100%', 1],
    ['0.5%', 0.005],
    ['.05', 0.05]
  ] as const) {
    test(`${text} → ${ratio}`, () => assert.equal(parseRatio(text, 'max-ratio'), ratio))
  }
  for (const bad of ['0', '1.5', '150%', 'abc', '0%', '-0.1', '', '1e-2']) {
    test(`${JSON.stringify(bad)} is rejected naming max-ratio`, () => {
      assert.throws(() => parseRatio(bad, 'max-ratio'), /max-ratio.*not a ratio.*fraction/)
    })
  }
})

describe('formatting', () => {
  for (const [bytes, text] of [
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1 kB'],
    [8_130_000, '8.13 MB'],
    [460_123_456, '460 MB'],
    [999_999, '1 MB'],
    [1_500_000_000, '1.5 GB'],
    [-1_200_000, '-1.2 MB']
  ] as const) {
    test(`formatBytes(${bytes}) = ${text}`, () => assert.equal(formatBytes(bytes), text))
  }
  test('formatBytesExact groups thousands', () => {
    assert.equal(formatBytesExact(31_204_112), '31,204,112 bytes')
  })
  test('percent and ratio output', () => {
    assert.equal(formatPercent(0.013381), '1.34%')
    assert.equal(ratioOutput(0.0133812), '0.01338')
  })
})

test('one byte is singular', () => {
  assert.equal(formatBytesExact(1), '1 byte')
  assert.equal(formatBytesExact(-1), '-1 byte')
})

describe('numeric outputs are plain decimals, never exponent form', () => {
  // A 26-byte image against a 460 MB builder: String() of the ratio is `5.652173913043478e-8`.
  const tiny = 26 / 460_000_000
  test('ratio of a 26-byte image to a 460 MB builder', () => {
    assert.equal(String(tiny), '5.652173913043478e-8', 'JavaScript would print an exponent')
    assert.equal(ratioOutput(tiny), '0.00000005652')
    assert.equal(Number(ratioOutput(tiny)), 5.652e-8, 'the value survives, to 4 significant digits')
  })
  for (const [value, significant, fraction, text] of [
    [0.0133812, 4, 0, '0.01338'],
    [1e-12, 4, 0, '0.000000000001'],
    [1.23456789e-9, 3, 0, '0.00000000123'],
    [1234.5678, 4, 2, '1234.57'],
    [12_345.6, 4, 0, '12346'],
    [1e21, 4, 0, '1000000000000000000000'],
    [-0, 4, 0, '0'],
    [-0.00001234, 4, 0, '-0.00001234'],
    [0.5, 4, 0, '0.5'],
    [1, 4, 0, '1']
  ] as const) {
    test(`plainDecimal(${value}, ${significant}, ${fraction}) = ${text}`, () => {
      const out = plainDecimal(value, significant, fraction)
      assert.equal(out, text)
      assert.doesNotMatch(out, /e/i)
    })
  }
  test('non-finite values print as String does', () => {
    assert.equal(plainDecimal(Infinity, 4), 'Infinity')
    assert.equal(plainDecimal(NaN, 4), 'NaN')
  })
  test('size-change-percent keeps 2 decimals, and small changes stay visible', () => {
    assert.equal(percentOutput(98.2345), '98.23')
    assert.equal(percentOutput(1234.5678), '1234.57')
    // 26 bytes over a 460 MB baseline: toFixed(2) gave 0.
    assert.equal(percentOutput((26 / 460_000_000) * 100), '0.000005652')
    assert.equal(percentOutput(-0.5), '-0.5')
  })
  test('efficiency keeps 10 significant digits without an exponent', () => {
    assert.equal(efficiencyOutput(0.98765432109876), '0.9876543211')
    assert.equal(efficiencyOutput(3e-9), '0.000000003')
    assert.equal(efficiencyOutput(1), '1')
  })
  test('formatPercent of a tiny fraction has no exponent', () => {
    assert.equal(formatPercent(1e-9), '0.0000001%')
    assert.equal(formatPercent(tiny), '0.00000565%')
  })
})

test('percentage points are said in full, singular for one', () => {
  assert.equal(formatPercentagePoints(0.9 - 0.8), '10 percentage points')
  assert.equal(formatPercentagePoints(0.01), '1 percentage point')
  assert.equal(formatPercentagePoints(0.0005), '0.05 percentage points')
})
