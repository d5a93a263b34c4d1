import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  formatBytes,
  formatBytesExact,
  formatPercent,
  parseRatio,
  parseSize,
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
