/**
 * Which Dockerfile line a budget breach is annotated on (`budgetAnnotations`, `grownLayer`):
 * with a baseline, max-increase blames the layer that grew, not the largest one.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { BudgetResult, ImageMeasurement, Instruction, Layer, Report } from '../../src/model.ts'
import { diffLayers } from '../../src/report/baseline.ts'
import { budgetAnnotations, grownLayer, largestAddedLayer } from '../../src/report/attribution.ts'

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`

function instr(keyword: string, args: string, line: number): Instruction {
  return { keyword, args, stage: '0', location: { file: 'Dockerfile', line } }
}

function image(ref: string, layers: Layer[]): ImageMeasurement {
  return {
    ref,
    id: digest(ref.length),
    platform: 'linux/amd64',
    size: layers.reduce((sum, l) => sum + l.size, 0),
    layers
  }
}

const SERVER = 1_000_000
const DATA = 2_000_000

/**
 * The head image: busybox, `COPY server`, `COPY data` (the largest layer), then the pull
 * request's `RUN chmod +x server` (a new layer holding a copy of the 1 MB file), as the classic
 * builder records them.
 */
function headImage(): ImageMeasurement {
  return image('head', [
    { index: 0, diffId: digest(1), size: 1_200_000, createdBy: 'busybox', base: true },
    {
      index: 1,
      diffId: digest(2),
      size: SERVER,
      createdBy: '/bin/sh -c #(nop) COPY file:aaaa in /server ',
      instruction: instr('COPY', 'server /server', 2)
    },
    {
      index: 2,
      diffId: digest(3),
      size: DATA,
      createdBy: '/bin/sh -c #(nop) COPY file:bbbb in /data ',
      instruction: instr('COPY', 'data /data', 3)
    },
    {
      index: 3,
      diffId: digest(4),
      size: SERVER,
      createdBy: '/bin/sh -c chmod +x /server',
      instruction: instr('RUN', 'chmod +x /server', 4)
    }
  ])
}

/** The baseline as `baseline-image` measures it: no Dockerfile, so no attribution. */
function baselineImage(head: ImageMeasurement): ImageMeasurement {
  return image(
    'registry.example/app:main',
    head.layers.slice(0, 3).map(({ instruction: _instruction, ...layer }) => ({ ...layer }))
  )
}

function increaseBreaches(change: number): BudgetResult[] {
  return [
    {
      name: 'max-increase',
      subject: 'final image size increase over the baseline',
      unit: 'bytes',
      limit: 500_000,
      actual: change,
      passed: false,
      message: ''
    },
    {
      name: 'max-increase',
      subject: 'final image compressed size increase over the baseline (estimate)',
      unit: 'bytes',
      limit: 500_000,
      actual: change,
      passed: false,
      message: ''
    }
  ]
}

function report(
  final: ImageMeasurement,
  baseline: ImageMeasurement | undefined,
  budgets: BudgetResult[]
): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'image-size-budget', version: '0.0.0' },
    createdAt: '2025-01-01T00:00:00.000Z',
    final,
    baseline,
    budgets,
    passed: budgets.every(b => b.passed)
  }
}

describe('max-increase blames the layer that grew over the baseline', () => {
  test('a PR adding RUN chmod +x gets the annotation on the RUN line, once', () => {
    const head = headImage()
    const annotations = budgetAnnotations(
      report(head, baselineImage(head), increaseBreaches(SERVER))
    )
    assert.equal(annotations.length, 1)
    const [only] = annotations
    assert.ok(only)
    assert.equal(only.instruction.location.line, 4)
    assert.equal(only.instruction.keyword, 'RUN')
    assert.deepEqual(only.budgets, ['max-increase'])
    assert.equal(
      only.message,
      'RUN adds 1 MB (1,000,000 bytes), a layer the baseline does not have, the most any layer grew: max-increase exceeded.'
    )
    assert.equal(only.message.match(/max-increase/g)?.length, 1, 'the budget is named once')
    // The old choice, the layer adding most bytes overall, is the unchanged COPY data.
    assert.equal(largestAddedLayer(head)?.instruction?.location.line, 3)
  })

  test('layers rebuilt with a new diff ID (a fresh checkout) still match by their history', () => {
    const head = headImage()
    const baseline = baselineImage(head)
    for (const layer of baseline.layers) if (!layer.base) layer.diffId = digest(100 + layer.index)
    const diff = diffLayers(head.layers, baseline.layers)
    assert.deepEqual(
      diff.layers.map(c => [c.status, c.change]),
      [
        ['same', 0],
        ['matched', 0],
        ['matched', 0],
        ['added', SERVER]
      ]
    )
    assert.equal(grownLayer(head, baseline)?.layer.index, 3)
  })

  test('a matched layer that grew is blamed with its before and after sizes', () => {
    const head = headImage()
    const baseline = baselineImage(head)
    head.layers.pop()
    const data = head.layers[2]
    assert.ok(data)
    data.size = DATA + 300_000
    data.diffId = digest(9)
    // Attributed on both sides (base-ref or baseline-report): matched by instruction.
    baseline.layers[2] = { ...baseline.layers[2]!, instruction: instr('COPY', 'data /data', 3) }
    baseline.layers[1] = { ...baseline.layers[1]!, instruction: instr('COPY', 'server /server', 2) }
    const [only] = budgetAnnotations(report(head, baseline, increaseBreaches(300_000)))
    assert.ok(only)
    assert.equal(only.instruction.location.line, 3)
    assert.equal(
      only.message,
      'COPY grew by 300 kB (300,000 bytes) over the baseline (2 MB → 2.3 MB), the most any layer grew: max-increase exceeded.'
    )
  })

  test('base layers are never blamed; no grown layer means no growth annotation', () => {
    const head = headImage()
    head.layers.pop()
    const baseline = baselineImage(head)
    const base = head.layers[0]
    assert.ok(base)
    base.diffId = digest(50)
    base.size += 10
    assert.equal(grownLayer(head, baseline), undefined)
    // Nothing the Dockerfile adds grew: the increase is blamed like the image size.
    const [only] = budgetAnnotations(report(head, baseline, increaseBreaches(10)))
    assert.equal(only?.instruction.location.line, 3)
    assert.match(
      only?.message ?? '',
      /the most of any layer the Dockerfile adds: max-increase exceeded\.$/
    )
  })
})

describe('budgetAnnotations', () => {
  const sizeBreach: BudgetResult = {
    name: 'max-size',
    subject: 'final image',
    unit: 'bytes',
    limit: 1,
    actual: 4_200_000,
    passed: false,
    message: ''
  }

  test('size budgets on the largest added layer; names listed once each', () => {
    const head = headImage()
    const ratio: BudgetResult = { ...sizeBreach, name: 'max-ratio', unit: 'ratio' }
    const annotations = budgetAnnotations(
      report(head, undefined, [sizeBreach, ratio, { ...sizeBreach }])
    )
    assert.equal(annotations.length, 1)
    assert.equal(annotations[0]?.instruction.location.line, 3)
    assert.equal(
      annotations[0]?.message,
      'COPY adds 2 MB (2,000,000 bytes) to the final image, the most of any layer the Dockerfile adds: max-size and max-ratio exceeded.'
    )
  })

  test('increase and size breaches on different lines give two annotations', () => {
    const head = headImage()
    const annotations = budgetAnnotations(
      report(head, baselineImage(head), [sizeBreach, ...increaseBreaches(SERVER)])
    )
    assert.deepEqual(
      annotations.map(a => [a.instruction.location.line, a.budgets]),
      [
        [4, ['max-increase']],
        [3, ['max-size']]
      ]
    )
  })

  test('reasons on the same line are joined into one annotation', () => {
    const head = headImage()
    const data = head.layers[2]
    assert.ok(data)
    data.diffId = digest(77)
    data.createdBy = '/bin/sh -c #(nop) COPY file:cccc in /data '
    head.layers.pop()
    const annotations = budgetAnnotations(
      report(head, baselineImage(headImage()), [sizeBreach, ...increaseBreaches(DATA)])
    )
    assert.equal(annotations.length, 1)
    assert.deepEqual(annotations[0]?.budgets, ['max-increase', 'max-size'])
    assert.equal(annotations[0]?.message.match(/max-increase/g)?.length, 1)
    assert.equal(annotations[0]?.message.match(/max-size/g)?.length, 1)
  })

  test('no breach, no annotation; max-layers blames no line', () => {
    const head = headImage()
    assert.deepEqual(budgetAnnotations(report(head, undefined, [])), [])
    assert.deepEqual(
      budgetAnnotations(
        report(head, undefined, [{ ...sizeBreach, name: 'max-layers', unit: 'count' }])
      ),
      []
    )
  })
})
