/**
 * The run loop's pure parts (src/run.ts) and the Spec phase's wiring: subjects (image ×
 * platform), each subject's inputs, the bounded pool, the run's comment key, the `results`
 * output, and the input combinations refused before anything runs.
 */
import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parseInputs } from '../../src/inputs.ts'
import type { ImageEntry, RunReport } from '../../src/model.ts'
import { resultRows, resultsOutput } from '../../src/report/results.ts'
import {
  commentKeyOfSpec,
  inputsOfImage,
  mapBounded,
  runSpecOf,
  subjectsOf
} from '../../src/run.ts'
import { parseConfigText, runSpecFromConfig } from '../../src/spec/config-file.ts'

const getter =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

const CONFIG = `defaults:
  max-size: 30MB
images:
  - name: api
    context: services/api
    target: runtime
    build-args: {GO_VERSION: "1.22"}
    platforms: [linux/amd64, linux/arm64]
    budgets-per-platform:
      linux/arm64: {max-size: 32MB}
  - name: worker
    image: ghcr.io/acme/worker:1
    builder-image: ghcr.io/acme/worker-build:1
    baseline-image: ghcr.io/acme/worker:main
`

describe('subjects and their inputs', () => {
  const inputs = parseInputs(getter({ 'comment-key': 'ignored', compressed: 'all' }))
  const spec = runSpecFromConfig(parseConfigText(CONFIG, 'cfg.yml'), getter({ compressed: 'all' }))

  test('each image × each platform (none: one subject on the engine’s platform)', () => {
    const subjects = subjectsOf(spec, inputs)
    assert.deepEqual(
      subjects.map(s => [s.image.name, s.platform]),
      [
        ['api', 'linux/amd64'],
        ['api', 'linux/arm64'],
        ['worker', undefined]
      ]
    )
  })

  test('a subject’s inputs: its build, builder, platform budgets, baseline; its name as key', () => {
    const [amd64, arm64, worker] = subjectsOf(spec, inputs)
    assert.equal(amd64!.inputs.context, 'services/api')
    assert.equal(amd64!.inputs.file, 'services/api/Dockerfile')
    assert.equal(amd64!.inputs.target, 'runtime')
    assert.deepEqual(amd64!.inputs.buildArgs, { GO_VERSION: '1.22' })
    assert.equal(amd64!.inputs.platform, 'linux/amd64')
    assert.equal(amd64!.inputs.budgets.maxSize, 30_000_000)
    assert.equal(arm64!.inputs.budgets.maxSize, 32_000_000)
    assert.equal(amd64!.inputs.commentKey, 'api')
    assert.equal(amd64!.inputs.image, undefined)
    assert.equal(amd64!.inputs.compressed, 'all')
    assert.equal(worker!.inputs.image, 'ghcr.io/acme/worker:1')
    assert.equal(worker!.inputs.builderImage, 'ghcr.io/acme/worker-build:1')
    assert.deepEqual(worker!.inputs.baseline, { kind: 'image', ref: 'ghcr.io/acme/worker:main' })
    assert.equal(worker!.inputs.platform, undefined)
    // The run's own inputs are not changed.
    assert.equal(inputs.commentKey, 'ignored')
    assert.equal(inputs.platform, undefined)
  })

  test('builder-target becomes the subject’s builderTarget', () => {
    const image = runSpecFromConfig(
      parseConfigText('images:\n  - name: a\n    builder-target: build\n', 'c'),
      () => ''
    ).images[0]!
    const subject = inputsOfImage(inputs, image, undefined)
    assert.equal(subject.builderTarget, 'build')
    assert.equal(subject.builderImage, undefined)
  })

  test('the run’s comment key: comment-key, else the one image’s name, else the source', () => {
    const one = { spec: { ...spec, images: spec.images.slice(0, 1) } }
    assert.equal(commentKeyOfSpec(parseInputs(getter({ 'comment-key': 'k' })), one), 'k')
    assert.equal(
      commentKeyOfSpec(
        parseInputs(() => ''),
        one
      ),
      'api'
    )
    assert.equal(
      commentKeyOfSpec(
        parseInputs(() => ''),
        { spec, configPath: 'c.yml' }
      ),
      'c.yml'
    )
    assert.equal(
      commentKeyOfSpec(
        parseInputs(() => ''),
        { spec, bakeFiles: ['a.hcl', 'b.json'] }
      ),
      'a.hcl,b.json'
    )
  })
})

describe('mapBounded', () => {
  test('at most `limit` in flight, results in item order', async () => {
    let running = 0
    let most = 0
    const out = await mapBounded([30, 10, 20, 5, 15], 2, async (ms, index) => {
      running++
      most = Math.max(most, running)
      await new Promise(resolve => setTimeout(resolve, ms))
      running--
      return `${index}:${ms}`
    })
    assert.deepEqual(out, ['0:30', '1:10', '2:20', '3:5', '4:15'])
    assert.equal(most, 2)
  })

  test('a failure starts nothing new, waits for the calls in flight, throws the first error', async () => {
    const started: number[] = []
    let finished = 0
    await assert.rejects(
      mapBounded([0, 1, 2, 3], 2, async index => {
        started.push(index)
        if (index === 0) throw new Error('first')
        await new Promise(resolve => setTimeout(resolve, 20))
        finished++
      }),
      /first/
    )
    // Item 1 was in flight when 0 failed: it finished; 2 and 3 never started.
    assert.deepEqual(started, [0, 1])
    assert.equal(finished, 1)
  })
})

describe('results output', () => {
  const entry = (name: string, extra: Partial<ImageEntry> = {}): ImageEntry => ({
    name,
    platform: 'linux/arm64',
    final: { ref: name, id: 'sha256:0', platform: 'linux/arm64', size: 1000, layers: [] },
    budgets: [],
    passed: true,
    ...extra
  })
  const run: RunReport = {
    schemaVersion: 2,
    tool: { name: 'image-size-budget', version: '0' },
    createdAt: '2024-01-01T00:00:00Z',
    images: [
      entry('api', {
        final: {
          ref: 'api',
          id: 'sha256:1',
          platform: 'linux/arm64',
          size: 2000,
          layers: [],
          compressed: { size: 900, exact: false }
        },
        baselineComparison: { change: -24, changePercent: -1.2 }
      }),
      entry('web', { passed: false })
    ],
    passed: false
  }

  test('one compact row per entry: sizes in bytes, null for what was not measured', () => {
    assert.deepEqual(resultRows(run), [
      {
        name: 'api',
        platform: 'linux/arm64',
        size: 2000,
        compressedSize: 900,
        change: -24,
        passed: true
      },
      {
        name: 'web',
        platform: 'linux/arm64',
        size: 1000,
        compressedSize: null,
        change: null,
        passed: false
      }
    ])
    assert.doesNotMatch(resultsOutput(run), /\n/)
    assert.deepEqual(JSON.parse(resultsOutput(run)), resultRows(run))
  })
})

describe('runSpecOf: what the inputs and files can show, before anything runs', () => {
  let dir = ''
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'isb-run-spec-'))
    await mkdir(join(dir, 'app'))
    await writeFile(join(dir, 'app', 'Dockerfile'), 'FROM scratch AS Final\nCOPY x /x\n')
    await writeFile(join(dir, 'cfg.yml'), 'images:\n  - name: app\n    context: app\n')
  })
  after(() => rm(dir, { recursive: true, force: true }))

  const specOf = (values: Record<string, string>) =>
    runSpecOf(parseInputs(getter(values)), getter(values), { workspace: dir })

  test('one image: named <file>:<final stage>, with the platforms input', async () => {
    const file = join(dir, 'app', 'Dockerfile')
    const { spec } = await specOf({
      context: join(dir, 'app'),
      platforms: 'linux/arm64, linux/amd64,linux/arm64'
    })
    assert.equal(spec.images.length, 1)
    assert.equal(spec.images[0]!.name, `${file}:final`)
    assert.deepEqual(spec.images[0]!.build.platforms, ['linux/arm64', 'linux/amd64'])
  })

  test('a config file; its default path under the workspace', async () => {
    const source = await specOf({ config: join(dir, 'cfg.yml') })
    // Relative to the workspace, however it was named (the comment key: trial B6).
    assert.equal(source.configPath, 'cfg.yml')
    assert.deepEqual(
      source.spec.images.map(i => i.name),
      ['app']
    )
    await mkdir(join(dir, '.github'))
    await writeFile(join(dir, '.github', 'image-size-budget.yml'), 'images:\n  - name: dflt\n')
    try {
      const found = await specOf({})
      assert.equal(found.configPath, '.github/image-size-budget.yml')
      assert.equal(found.spec.images[0]!.name, 'dflt')
      // Named by the config input: the same key, so one sticky comment (trial B6).
      const named = await specOf({ config: join(dir, '.github', 'image-size-budget.yml') })
      assert.equal(named.configPath, '.github/image-size-budget.yml')
      const twoImages = {
        ...named,
        spec: { ...named.spec, images: [...named.spec.images, ...named.spec.images] }
      }
      assert.equal(
        commentKeyOfSpec(parseInputs(getter({})), twoImages),
        '.github/image-size-budget.yml'
      )
    } finally {
      await rm(join(dir, '.github'), { recursive: true })
    }
  })

  test('refused: platforms beside a config file, targets without bake, build inputs beside bake', async () => {
    await assert.rejects(
      specOf({ config: join(dir, 'cfg.yml'), platforms: 'linux/arm64' }),
      /^Error: Input platforms: a config file \(.*cfg\.yml\) describes the images/
    )
    await assert.rejects(
      specOf({ targets: 'app' }),
      /^Error: Input targets: names bake targets, but bake is not set/
    )
    await assert.rejects(
      specOf({ bake: 'docker-bake.hcl', context: 'app', 'build-args': 'A=1' }),
      /^Error: Inputs context, build-args: the bake file \(docker-bake\.hcl\) describes the builds/
    )
    // Bake and a config file: budgets and baselines are the file's.
    await assert.rejects(
      specOf({ bake: 'docker-bake.hcl', config: join(dir, 'cfg.yml'), 'max-size': '1MB' }),
      /^Error: Input max-size: a config file \(.*cfg\.yml\) describes the images/
    )
    assert.throws(
      () => parseInputs(getter({ platforms: 'linux' })),
      /^Error: Input platforms: "linux" is not a platform/
    )
  })
})
