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
      maxFindingsSize: undefined,
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
        'max-findings-size': '2MB',
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
      maxFindingsSize: 2_000_000,
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
    ['build-args', 'GO_VERSION=1.22\nNOEQUALS', /build-args: line 2 is not KEY=VALUE/],
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
  assert.deepEqual(
    parseInputs(getter({ 'max-increase': '5%', 'baseline-image': 'app:1' })).budgets.maxIncrease,
    { fraction: 0.05 }
  )
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
    assert.throws(() => parseBuildArgs('=value'), /build-args: line 1 is not KEY=VALUE/)
  })
})

test('max-compressed-size with compressed: none is refused before any build', () => {
  assert.throws(
    () => parseInputs(getter({ 'max-compressed-size': '5MB', compressed: 'none' })),
    /max-compressed-size: needs a compressed size, but compressed is none/
  )
})

describe('checks before the first build', () => {
  test('max-ratio with image and nothing to take a builder from', () => {
    assert.throws(
      () => parseInputs(getter({ image: 'app:1', 'max-ratio': '5%' })),
      /Input max-ratio: there is no builder to compare with: image is measured as it is/
    )
    const builders: Record<string, string>[] = [
      { 'builder-image': 'toolchain:1' },
      { 'builder-target': 'build' }
    ]
    for (const builder of builders) {
      assert.equal(
        parseInputs(getter({ image: 'app:1', 'max-ratio': '5%', ...builder })).budgets.maxRatio,
        0.05
      )
    }
    // mode: comment measures nothing: the budget inputs are not checked against each other.
    assert.equal(
      parseInputs(getter({ image: 'app:1', 'max-ratio': '5%', mode: 'comment' })).mode,
      'comment'
    )
  })

  test('max-increase without a baseline', () => {
    assert.throws(
      () => parseInputs(getter({ 'max-increase': '5%' })),
      /Input max-increase: there is no baseline to compare with/
    )
  })

  test('report and baseline-report under /proc, /sys or /dev', () => {
    assert.throws(
      () => parseInputs(getter({ report: '/proc/self/report.json' })),
      /Input report: "\/proc\/self\/report.json" is under \/proc, \/sys, \/dev/
    )
    assert.throws(
      () => parseInputs(getter({ 'baseline-report': '/dev/stdin' })),
      /Input baseline-report: "\/dev\/stdin" is under/
    )
    assert.throws(() => parseInputs(getter({ report: '/sys/../sys/x.json' })), /Input report/)
    assert.equal(
      parseInputs(getter({ report: '/process/report.json' })).report,
      '/process/report.json'
    )
  })
})

test('keep-images: false by default, a boolean', () => {
  assert.equal(parseInputs(getter({})).keepImages, false)
  assert.equal(parseInputs(getter({ 'keep-images': 'true' })).keepImages, true)
  assert.equal(parseInputs(getter({})).annotations, true)
  assert.equal(parseInputs(getter({ annotations: 'false' })).annotations, false)
  assert.throws(
    () => parseInputs(getter({ 'keep-images': 'yes' })),
    /Input keep-images: "yes" is not a boolean/
  )
})

test('a malformed build-args line is reported by number, never by its text (it may be a secret)', () => {
  for (const text of [
    'TOKEN=ok\nghp_s3cr3tValue',
    'MY-TOKEN=ghp_s3cr3tValue',
    ' =ghp_s3cr3tValue'
  ]) {
    assert.throws(
      () => parseBuildArgs(text),
      (error: Error) =>
        /build-args: line \d is not KEY=VALUE/.test(error.message) &&
        !error.message.includes('s3cr3t')
    )
  }
})

test('a malformed baseline-image is refused before any build', () => {
  assert.throws(
    () => parseInputs(getter({ 'baseline-image': 'Not A Reference' })),
    /baseline-image: "Not A Reference" is not a valid image reference/
  )
  assert.equal(
    parseInputs(getter({ 'baseline-image': 'Not A Reference', mode: 'comment' })).mode,
    'comment'
  )
})
