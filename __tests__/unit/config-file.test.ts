import assert from 'node:assert/strict'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { parse as parseYaml } from 'yaml'
import { Ajv2020 } from 'ajv/dist/2020.js'
import {
  DEFAULT_CONFIG_PATH,
  loadConfigFile,
  parseConfigText,
  resolveConfigPath,
  runSpecFromConfig
} from '../../src/spec/config-file.ts'
import { CONFIG_SCHEMA } from '../../src/spec/config-schema.ts'
import { budgetsFor, type ImageSpec } from '../../src/spec/run-spec.ts'

const noInputs = (): string => ''
const specOf = (text: string, get: (name: string) => string = noInputs) =>
  runSpecFromConfig(parseConfigText(text, 'cfg.yml'), get)

const defined = (record: object): object =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))

const THREE_IMAGES = `
# yaml-language-server: $schema=../docs/config.schema.json
version: 1
defaults:
  max-increase: 5%
  baseline: base-ref
  build-args:
    GO_VERSION: 1.20
  budgets-per-platform:
    linux/arm64: {max-layers: 30}
images:
  - name: api
    context: services/api
    target: runtime
    build-args: {EXTRA: "yes"}
    platforms: [linux/amd64, linux/arm64]
    max-size: 30MB
    budgets-per-platform:
      linux/arm64:
        max-size: 32MB
  - name: web
    file: web/web.Dockerfile
    platforms: linux/amd64,linux/arm64
    max-compressed-size: 12MiB
    baseline-image: ghcr.io/acme/web:main
    baseline: null
  - name: worker
    image: ghcr.io/acme/worker:1
    builder-image: ghcr.io/acme/worker-build:1
    max-ratio: 0.1
    max-layers: 20
`

describe('config file: defaults merged, values parsed like inputs', () => {
  test('three images: names, builds, budgets, baselines', () => {
    // `baseline: null` in web is not YAML null here: every scalar is text, so it is refused.
    assert.throws(() => specOf(THREE_IMAGES), /images\[1\] \(web\)\.baseline: expected base-ref/)
    const spec = specOf(THREE_IMAGES.replace('    baseline: null\n', ''), name =>
      name === 'compressed' ? 'all' : ''
    )
    assert.equal(spec.compressed, 'all')
    assert.deepEqual(
      spec.images.map(i => i.name),
      ['api', 'web', 'worker']
    )
    const [api, web, worker] = spec.images as [ImageSpec, ImageSpec, ImageSpec]
    assert.deepEqual(api.build, {
      context: 'services/api',
      file: 'services/api/Dockerfile',
      target: 'runtime',
      // build-args merge key by key; 1.20 stays 1.20 (YAML read as text).
      buildArgs: { GO_VERSION: '1.20', EXTRA: 'yes' },
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: []
    })
    assert.deepEqual(defined(api.budgets), {
      maxSize: 30_000_000,
      maxIncrease: { fraction: 0.05 }
    })
    // Per-platform budgets merge per platform and per budget over the defaults.
    assert.deepEqual(api.platformBudgets, {
      'linux/arm64': { maxSize: 32_000_000, maxLayers: 30 }
    })
    assert.deepEqual(defined(budgetsFor(api, 'linux/arm64')), {
      maxIncrease: { fraction: 0.05 },
      maxSize: 32_000_000,
      maxLayers: 30
    })
    assert.equal(budgetsFor(api, 'linux/amd64').maxSize, 30_000_000)
    assert.deepEqual(api.baseline, { kind: 'base-ref' })

    assert.equal(web.build.file, 'web/web.Dockerfile')
    assert.equal(web.build.context, '.')
    assert.equal(web.budgets.maxCompressedSize, 12 * 1024 * 1024)
    assert.deepEqual(web.baseline, { kind: 'image', ref: 'ghcr.io/acme/web:main' })

    assert.deepEqual(worker.final, { kind: 'image', ref: 'ghcr.io/acme/worker:1' })
    assert.deepEqual(worker.builder, { kind: 'image', ref: 'ghcr.io/acme/worker-build:1' })
    assert.equal(worker.budgets.maxRatio, 0.1)
    assert.equal(worker.budgets.maxLayers, 20)
    // No platforms: the per-platform budgets of defaults are kept for whatever the image has.
    assert.deepEqual(worker.platformBudgets, { 'linux/arm64': { maxLayers: 30 } })
  })

  test('an image value replaces the default; its baseline source replaces the default one', () => {
    const text = `defaults:\n  baseline: base-ref\nimages:\n  - name: web\n    baseline-image: web:main\n  - name: api\n`
    const [web, api] = specOf(text).images as [ImageSpec, ImageSpec]
    assert.deepEqual(web.baseline, { kind: 'image', ref: 'web:main' })
    assert.deepEqual(api.baseline, { kind: 'base-ref' })
    assert.throws(
      () => specOf(`images:\n  - name: web\n    baseline: base-ref\n    baseline-report: r.json\n`),
      /^Error: Config file cfg\.yml: images\[0\] \(web\): baseline, baseline-report: set one baseline source/
    )
    const spec = specOf(`defaults:\n  max-size: 10MB\nimages:\n  - name: a\n    max-size: 20MB\n`)
    assert.equal(spec.images[0]?.budgets.maxSize, 20_000_000)
  })

  test('image-level inputs beside a config file are refused, naming them', () => {
    const get = (name: string): string =>
      ({ context: '.', 'max-size': '1MB', target: 'x' })[name] ?? ''
    assert.throws(
      () => specOf(`images:\n  - name: a\n`, get),
      /^Error: Inputs target, max-size: a config file \(cfg\.yml\) describes the images/
    )
  })
})

describe('config file errors name the image and the field', () => {
  const cases: [string, string, RegExp][] = [
    [
      'bad size',
      `images:\n  - name: db\n  - name: api\n    max-size: 30XB\n`,
      /images\[1\] \(api\)\.max-size: expected a size like 30MB/
    ],
    [
      'fractional bytes pass the schema, the size parser names them',
      `images:\n  - name: api\n    max-size: "1.5"\n`,
      /images\[0\] \(api\)\.max-size: "1\.5" is not a size/
    ],
    [
      'bad ratio',
      `images:\n  - name: api\n    max-ratio: 150%\n`,
      /images\[0\] \(api\)\.max-ratio: "150%" is not a ratio/
    ],
    [
      'bad count',
      `images:\n  - name: api\n    max-layers: many\n`,
      /images\[0\] \(api\)\.max-layers: expected a whole number/
    ],
    [
      'unknown field, with a suggestion',
      `images:\n  - name: api\n    max-sise: 3MB\n`,
      /images\[0\] \(api\)\.max-sise: unknown field \(did you mean max-size\?\)/
    ],
    ['missing name', `images:\n  - context: x\n`, /images\[0\]\.name: missing/],
    ['bad name', `images:\n  - name: "my api"\n`, /images\[0\] \(my api\)\.name: expected a name/],
    [
      'duplicate name',
      `images:\n  - name: api\n  - name: api\n`,
      /images\[1\] \(api\)\.name: "api" is already the name of images\[0\]/
    ],
    ['no images', `images: []\n`, /images: expected a list of images/],
    ['unknown top-level field', `image: x\nimages:\n  - name: a\n`, /image: unknown field/],
    [
      'bad platform in the list',
      `images:\n  - name: api\n    platforms: [linux]\n`,
      /images\[0\] \(api\)\.platforms\[0\]: expected a platform like linux\/arm64/
    ],
    [
      'bad platform in a string',
      `images:\n  - name: api\n    platforms: linux/amd64,arm64\n`,
      /images\[0\] \(api\)\.platforms: "arm64" is not a platform/
    ],
    [
      'per-platform budget for a platform not built',
      `images:\n  - name: api\n    platforms: [linux/amd64]\n    budgets-per-platform: {linux/arm64: {max-size: 1MB}}\n`,
      /images\[0\] \(api\)\.budgets-per-platform\.linux\/arm64: linux\/arm64 is not one of the image's platforms \(linux\/amd64\)/
    ],
    [
      'bad per-platform budget value',
      `images:\n  - name: api\n    budgets-per-platform: {linux/arm64: {max-size: big}}\n`,
      /images\[0\] \(api\)\.budgets-per-platform\["linux\/arm64"\]\.max-size: expected a size like 30MB/
    ],
    [
      'unknown per-platform budget',
      `images:\n  - name: api\n    budgets-per-platform: {linux/arm64: {max-sizes: 1MB}}\n`,
      /budgets-per-platform\["linux\/arm64"\]\.max-sizes: unknown field \(did you mean max-size\?\)/
    ],
    [
      'per-platform key that is no platform',
      `images:\n  - name: api\n    budgets-per-platform: {arm64: {max-size: 1MB}}\n`,
      /images\[0\] \(api\)\.budgets-per-platform: expected platforms like linux\/arm64 as keys/
    ],
    [
      'bad build-arg name',
      `images:\n  - name: api\n    build-args: {1A: x}\n`,
      /images\[0\] \(api\)\.build-args: build argument names are letters, digits and _/
    ],
    [
      'bad baseline',
      `images:\n  - name: api\n    baseline: main\n`,
      /images\[0\] \(api\)\.baseline: expected base-ref or history/
    ],
    [
      'a default that fails names defaults and the image using it',
      `defaults:\n  max-increase: 5%\nimages:\n  - name: api\n`,
      /defaults\.max-increase \(used by images\[0\] \(api\)\): there is no baseline to compare with/
    ],
    [
      'max-ratio with an image and no builder',
      `images:\n  - name: api\n    image: app:1\n    max-ratio: 5%\n`,
      /images\[0\] \(api\)\.max-ratio: there is no builder to compare with/
    ],
    [
      'bad image reference',
      `images:\n  - name: api\n    image: "UPPER:1"\n`,
      /images\[0\] \(api\)\.image: /
    ],
    ['not YAML', `images: [a\n`, /^Error: Config file cfg\.yml: not valid YAML: .*line 2/s],
    ['not a mapping', `- a\n`, /\(the file\): must be object/]
  ]
  for (const [name, text, expected] of cases) {
    test(name, () => {
      assert.throws(() => specOf(text), expected)
    })
  }

  test('every error of the file, one line each', () => {
    assert.throws(
      () =>
        specOf(`images:\n  - name: api\n    max-size: 30XB\n  - name: web\n    max-layers: many\n`),
      (error: Error) => {
        const lines = error.message.split('\n')
        assert.equal(lines[0], 'Config file cfg.yml:')
        assert.ok(lines.includes('images[0] (api).max-size: expected a size like 30MB'))
        assert.ok(lines.includes('images[1] (web).max-layers: expected a whole number like 20'))
        return true
      }
    )
  })
})

describe('config file on disk', () => {
  test('default path when present; the config input must exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isb-config-'))
    try {
      assert.equal(resolveConfigPath('', dir), undefined)
      await mkdir(join(dir, '.github'))
      await writeFile(join(dir, DEFAULT_CONFIG_PATH), 'images:\n  - name: a\n    target: t\n')
      assert.equal(resolveConfigPath('', dir), join(dir, DEFAULT_CONFIG_PATH))
      assert.throws(() => resolveConfigPath(join(dir, 'nope.yml'), dir), /^Error: Input config: /)
      const spec = await loadConfigFile(join(dir, DEFAULT_CONFIG_PATH), noInputs)
      assert.equal(spec.images[0]?.name, 'a')
      await assert.rejects(loadConfigFile(join(dir, 'nope.yml'), noInputs), /cannot read it/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('docs/config.schema.json', () => {
  test('is CONFIG_SCHEMA written out', async () => {
    const onDisk = JSON.parse(await readFile('docs/config.schema.json', 'utf8')) as unknown
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(CONFIG_SCHEMA)))
  })

  test('accepts YAML as editors see it (numbers typed), refuses a wrong type', () => {
    // yaml-language-server validates with YAML 1.2 core types: 20 is an integer, 0.05 a number.
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(CONFIG_SCHEMA)
    const typed = parseYaml(THREE_IMAGES.replace('    baseline: null\n', '')) as unknown
    assert.equal(validate(typed), true, JSON.stringify(validate.errors))
    assert.equal(validate(parseYaml(`images:\n  - name: a\n    max-ratio: 2\n`)), false)
  })
})
