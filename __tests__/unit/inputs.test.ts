import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseBuildArgs, parseInputs } from '../../src/inputs.ts'

const getter =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

describe('parseInputs', () => {
  test('defaults', () => {
    const inputs = parseInputs(getter({}))
    assert.equal(inputs.context, '.')
    assert.equal(inputs.file, 'Dockerfile')
    assert.equal(inputs.target, undefined)
    assert.deepEqual(inputs.buildArgs, {})
    assert.equal(inputs.failOnBudget, true)
    assert.equal(inputs.compressed, 'final')
    assert.deepEqual(inputs.budgets, {
      maxSize: undefined,
      maxCompressedSize: undefined,
      maxRatio: undefined,
      maxLayers: undefined,
      maxWastedSize: undefined,
      minEfficiency: undefined,
      maxIncrease: undefined
    })
    assert.equal(inputs.mode, 'measure')
    assert.equal(inputs.comment, 'auto')
    assert.equal(inputs.minChange, 1000)
    assert.equal(inputs.baseline, undefined)
  })

  test('file defaults to <context>/Dockerfile', () => {
    assert.equal(
      parseInputs(getter({ context: 'examples/go-web' })).file,
      'examples/go-web/Dockerfile'
    )
  })

  test('budgets parse with their units', () => {
    const inputs = parseInputs(
      getter({
        'max-size': '30MB',
        'max-compressed-size': '10 MiB',
        'max-ratio': '5%',
        'max-layers': '12',
        'max-wasted-size': '1kB',
        'min-efficiency': '0.95',
        'fail-on-budget': 'false',
        compressed: 'all'
      })
    )
    assert.deepEqual(inputs.budgets, {
      maxSize: 30_000_000,
      maxCompressedSize: 10_485_760,
      maxRatio: 0.05,
      maxLayers: 12,
      maxWastedSize: 1000,
      minEfficiency: 0.95,
      maxIncrease: undefined
    })
    assert.equal(inputs.failOnBudget, false)
    assert.equal(inputs.compressed, 'all')
  })

  const bad: [string, string, RegExp][] = [
    ['max-size', '30 XB', /max-size.*"30 XB".*powers of 1000/],
    ['max-size', '-5MB', /max-size.*"-5MB"/],
    ['max-size', 'MB', /max-size.*"MB"/],
    ['max-size', '1e3', /max-size.*"1e3"/],
    ['max-ratio', '0', /max-ratio.*"0"/],
    ['max-ratio', '1.5', /max-ratio.*"1.5"/],
    ['max-ratio', '150%', /max-ratio.*"150%"/],
    ['max-ratio', 'abc', /max-ratio.*"abc"/],
    ['max-layers', 'ten', /max-layers.*"ten".*whole number/],
    ['fail-on-budget', 'yes', /fail-on-budget.*"yes".*true or false/],
    ['compressed', 'some', /compressed.*"some".*final, all, none/],
    ['build-args', 'GO_VERSION=1.22\nNOEQUALS', /build-args.*line 2 "NOEQUALS".*KEY=VALUE/],
    ['max-increase', '-5MB', /max-increase.*"-5MB"/],
    ['min-change', 'tiny', /min-change.*"tiny"/],
    ['comment', 'yes', /comment.*"yes".*auto, true, false/],
    ['mode', 'post', /mode.*"post".*measure, comment/],
    ['baseline', 'main', /baseline.*"main".*base-ref/]
  ]
  for (const [name, value, expected] of bad) {
    test(`${name}: ${JSON.stringify(value)} is a clear error`, () => {
      assert.throws(() => parseInputs(getter({ [name]: value })), expected)
    })
  }
})

test('one baseline source at most', () => {
  assert.throws(
    () => parseInputs(getter({ baseline: 'base-ref', 'baseline-image': 'app:1' })),
    /baseline, baseline-image: set one baseline source/
  )
  assert.deepEqual(parseInputs(getter({ 'baseline-report': 'r.json' })).baseline, {
    kind: 'report',
    path: 'r.json'
  })
  assert.deepEqual(parseInputs(getter({ 'max-increase': '5%' })).budgets.maxIncrease, {
    fraction: 0.05
  })
})

describe('parseBuildArgs', () => {
  test('KEY=VALUE lines, blank lines and comments skipped, = in values kept', () => {
    assert.deepEqual(parseBuildArgs('A=1\n\n# note\nB=x=y\r\nC=\n  D = spaced'), {
      A: '1',
      B: 'x=y',
      C: '',
      D: ' spaced'
    })
  })
  test('a line with = but no key is an error', () => {
    assert.throws(() => parseBuildArgs('=value'), /build-args.*line 1 "=value"/)
  })
})

test('max-compressed-size with compressed: none is refused before any build', () => {
  assert.throws(
    () => parseInputs(getter({ 'max-compressed-size': '5MB', compressed: 'none' })),
    /max-compressed-size: needs a compressed size, but compressed is none/
  )
})
