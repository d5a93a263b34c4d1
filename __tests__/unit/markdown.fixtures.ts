/**
 * Reports for the markdown snapshot tests. Numbers are made up but consistent (sizes are sums of
 * layer sizes, ratios and changes follow from them), so a snapshot change means a rendering change.
 */
import type { BudgetResult, ImageMeasurement, Instruction, Layer, Report } from '../../src/model.ts'

const DIGEST = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`

function instr(keyword: string, args: string, line: number, stage = 'final'): Instruction {
  return { keyword, args, stage, location: { file: 'examples/go-web/Dockerfile', line } }
}

function image(
  ref: string,
  layers: Layer[],
  extra: Partial<ImageMeasurement> = {}
): ImageMeasurement {
  return {
    ref,
    id: DIGEST(ref.length * 7919),
    platform: 'linux/amd64',
    size: layers.reduce((sum, l) => sum + l.size, 0),
    layers,
    ...extra
  }
}

export function goWebReport(): Report {
  const builderLayers: Layer[] = [
    { index: 0, diffId: DIGEST(1), size: 2_134_016, createdBy: 'busybox rootfs', base: true },
    { index: 1, diffId: DIGEST(2), size: 452_880_384, createdBy: 'golang toolchain', base: true },
    {
      index: 2,
      diffId: DIGEST(3),
      size: 1_180,
      createdBy: 'COPY go.mod main.go ./ # buildkit',
      instruction: instr('COPY', 'go.mod main.go ./', 9, 'build')
    },
    {
      index: 3,
      diffId: DIGEST(4),
      size: 6_391_808,
      createdBy: 'RUN /bin/sh -c CGO_ENABLED=0 go build -o /out/app . # buildkit',
      instruction: instr('RUN', 'CGO_ENABLED=0 go build -o /out/app .', 10, 'build')
    }
  ]
  const finalLayers: Layer[] = [
    {
      index: 0,
      diffId: DIGEST(1),
      size: 2_134_016,
      compressedSize: 1_042_417,
      createdBy: 'busybox rootfs',
      base: true
    },
    {
      index: 1,
      diffId: DIGEST(5),
      size: 6_391_808,
      compressedSize: 3_601_220,
      createdBy: 'COPY /out/app /app # buildkit',
      instruction: instr('COPY', '--from=build /out/app /app', 14)
    },
    {
      index: 2,
      diffId: DIGEST(6),
      size: 6_391_808,
      compressedSize: 3_601_221,
      createdBy: 'RUN /bin/sh -c chmod 0755 /app # buildkit',
      instruction: instr('RUN', 'chmod 0755 /app', 15)
    }
  ]
  const final = image('isb-test/go-web:final', finalLayers, {
    stage: 'final',
    compressed: { size: 8_244_858, exact: false },
    base: {
      image: 'isb-local/busybox:latest',
      size: 2_134_016,
      layerCount: 1,
      addedSize: 12_783_616
    },
    waste: {
      efficiency: 0.5,
      removableBytes: 6_391_808,
      topPaths: [
        { path: 'app', removableBytes: 6_391_808, cumulativeBytes: 12_783_616, layers: [1, 2] }
      ],
      largestFiles: [
        { path: 'app', size: 6_391_808, layer: 2 },
        { path: 'bin/busybox', size: 1_131_232, layer: 0 }
      ]
    }
  })
  const builder = image('isb-test/go-web:build', builderLayers, { stage: 'build' })
  const ratio = final.size / builder.size
  return {
    schemaVersion: 1,
    tool: { name: 'image-size-budget', version: '0.1.0' },
    createdAt: '2025-01-01T00:00:00.000Z',
    build: {
      context: 'examples/go-web',
      file: 'examples/go-web/Dockerfile',
      target: 'final',
      engine: 'buildkit',
      buildArgs: {}
    },
    stageChoice: {
      target: 'final',
      builder: 'build',
      candidates: ['certs', 'build'],
      reason: 'the stage whose copies add the most bytes to the final image',
      copiedBytes: { certs: 220_000, build: 6_391_808 }
    },
    final,
    builder,
    comparison: { saved: builder.size - final.size, ratio, percentSaved: (1 - ratio) * 100 },
    budgets: [
      {
        name: 'max-size',
        subject: 'final image',
        unit: 'bytes',
        limit: 30_000_000,
        actual: final.size,
        passed: true,
        message: ''
      },
      {
        name: 'max-ratio',
        subject: 'final/builder size ratio',
        unit: 'ratio',
        limit: 0.05,
        actual: ratio,
        passed: true,
        message: ''
      },
      {
        name: 'max-layers',
        subject: 'final image layers',
        unit: 'count',
        limit: 2,
        actual: 3,
        passed: false,
        message: ''
      }
    ],
    passed: false
  }
}

/** The go-web report plus a baseline where the binary was 1 MB smaller and the chmod layer absent. */
export function withBaseline(report: Report): Report {
  const [base, copy] = report.final.layers as [Layer, Layer, Layer]
  const baselineLayers: Layer[] = [
    { ...base },
    { ...copy, diffId: DIGEST(7), size: copy.size - 1_000_000, compressedSize: 3_100_000 },
    {
      index: 2,
      diffId: DIGEST(8),
      size: 120,
      compressedSize: 90,
      createdBy: 'ENV GOTRACEBACK=all # buildkit',
      instruction: instr('RUN', 'echo ok > /ok', 15)
    }
  ]
  const baseline = image('registry.example/go-web:main', baselineLayers, {
    compressed: { size: 4_142_507, exact: false }
  })
  return { ...report, baseline }
}

/** Text an attacker controls: layer commands, paths, refs, stage names, a version string. */
export const HOSTILE = {
  command:
    'RUN echo "a | b" && `id` <script>alert(1)</script> @someone [click](https://evil.example) #1\nsecond line\r\n| injected | row |',
  path: 'srv/' + 'very-long-directory-name/'.repeat(40) + '<img src=x onerror=alert(1)>|@team.bin',
  ref: 'evil.example/@octocat/img:`tag`|x',
  stage: 'build|<b>bold</b>',
  version: '0.1.0 <script>x</script>',
  reason: 'chosen because ![img](http://evil.example/x.png) **bold** @admin ~~strike~~ $x^2$'
}

export function hostileReport(): Report {
  const report = goWebReport()
  const layers = report.final.layers.map(l => ({ ...l }))
  const first = layers[1] as Layer
  first.instruction = { ...(first.instruction as Instruction), args: HOSTILE.command }
  layers.push({
    index: 3,
    diffId: DIGEST(99),
    size: 10,
    createdBy: HOSTILE.command,
    instruction: undefined
  })
  const final: ImageMeasurement = {
    ...report.final,
    ref: HOSTILE.ref,
    stage: undefined,
    layers,
    size: report.final.size + 10,
    waste: {
      efficiency: 0.9,
      removableBytes: 5,
      topPaths: [{ path: HOSTILE.path, removableBytes: 5, cumulativeBytes: 10, layers: [1, 3] }],
      largestFiles: [{ path: HOSTILE.path, size: 10, layer: 3 }]
    }
  }
  return {
    ...report,
    build: undefined,
    tool: { name: 'image-size-budget', version: HOSTILE.version },
    stageChoice: {
      target: 'final',
      builder: HOSTILE.stage,
      candidates: [HOSTILE.stage, 'other'],
      reason: HOSTILE.reason
    },
    final
  }
}

/** A report whose final image has `count` attributed layers of 10,000 + i bytes each. */
export function manyLayersReport(count: number): Report {
  const report = goWebReport()
  const layers: Layer[] = Array.from({ length: count }, (_, i) => ({
    index: i,
    diffId: DIGEST(1000 + i),
    size: 10_000 + i,
    createdBy: `RUN /bin/sh -c echo layer ${i} > /layer-${i}.txt # buildkit`,
    instruction: instr(
      'RUN',
      `echo layer ${i} > /very/long/path/for/layer/${i}/file-${i}.txt`,
      10 + i
    )
  }))
  const final: ImageMeasurement = {
    ...report.final,
    layers,
    size: layers.reduce((sum, l) => sum + l.size, 0)
  }
  const baselineLayers = layers.map(l => ({
    ...l,
    diffId: DIGEST(50_000 + l.index),
    size: l.size - 1_500 + (l.index % 7) * 100
  }))
  return {
    ...report,
    final,
    baseline: {
      ...final,
      ref: 'baseline',
      layers: baselineLayers,
      size: baselineLayers.reduce((sum, l) => sum + l.size, 0)
    }
  }
}

/**
 * The example with a base-ref baseline that grew by 7.39 MB, and a `max-increase` of 1 MB that
 * fails twice (two rows: uncompressed, and compressed from two gzip estimates) beside a passing
 * `max-size`: two budgets, one exceeded.
 */
export function grewWithFailingIncrease(): Report {
  const report = withBaseline(goWebReport())
  const baseline = report.baseline as ImageMeasurement
  report.baseline = { ...baseline, ref: 'base commit 1a2b3c4' }
  const change = report.final.size - baseline.size
  const compressedChange = 8_244_858 - 4_142_507
  report.baselineComparison = {
    change,
    changePercent: (change / baseline.size) * 100,
    compressedChange,
    compressedChangePercent: (compressedChange / 4_142_507) * 100,
    unchanged: false
  }
  report.budgets = [
    {
      name: 'max-size',
      subject: 'final image',
      unit: 'bytes',
      limit: 30_000_000,
      actual: report.final.size,
      passed: true,
      message: ''
    },
    {
      name: 'max-increase',
      subject: 'final image size increase over the baseline',
      unit: 'bytes',
      limit: 1_000_000,
      actual: change,
      passed: false,
      message: ''
    },
    {
      name: 'max-increase',
      subject: 'final image compressed size increase over the baseline (estimate)',
      unit: 'bytes',
      limit: 1_000_000,
      actual: compressedChange,
      passed: false,
      message: ''
    }
  ]
  report.passed = false
  return report
}

/** A single-stage image without baseline or builder, within its one budget, wasting nothing. */
export function passingNoBaseline(): Report {
  const report = goWebReport()
  const [base, copy] = report.final.layers as [Layer, Layer, Layer]
  const layers = [base, copy]
  const size = base.size + copy.size
  return {
    ...report,
    builder: undefined,
    comparison: undefined,
    stageChoice: { target: 'final', candidates: [], reason: 'the Dockerfile has a single stage' },
    final: {
      ...report.final,
      layers,
      size,
      compressed: { size: 4_643_637, exact: false },
      base: {
        ...(report.final.base as NonNullable<ImageMeasurement['base']>),
        addedSize: copy.size
      },
      waste: {
        efficiency: 1,
        removableBytes: 0,
        topPaths: [],
        largestFiles: [{ path: 'app', size: 6_391_808, layer: 1 }]
      }
    },
    budgets: [
      {
        name: 'max-size',
        subject: 'final image',
        unit: 'bytes',
        limit: 30_000_000,
        actual: size,
        passed: true,
        message: ''
      }
    ],
    passed: true
  }
}

/**
 * `mode: comment`: a report read back from an artifact, against a base commit the image shrank
 * from (the baseline had a 2 MB cache layer), all budgets passing.
 */
export function commentModeReport(): Report {
  const report = goWebReport()
  const [base, copy, run] = report.final.layers as [Layer, Layer, Layer]
  const cache: Layer = {
    index: 3,
    diffId: DIGEST(42),
    size: 2_000_000,
    compressedSize: 1_900_000,
    createdBy: 'RUN /bin/sh -c wget -O /tmp/cache.tgz https://example.com/x # buildkit',
    instruction: instr('RUN', 'wget -O /tmp/cache.tgz https://example.com/x', 16)
  }
  const baselineLayers = [{ ...base }, { ...copy }, { ...run }, cache]
  const baseline = image('base commit 9f8e7d6', baselineLayers, {
    compressed: { size: 8_244_858 + 1_900_000, exact: false }
  })
  const change = report.final.size - baseline.size
  return {
    ...report,
    baseline,
    baselineComparison: {
      change,
      changePercent: (change / baseline.size) * 100,
      compressedChange: -1_900_000,
      compressedChangePercent: (-1_900_000 / (8_244_858 + 1_900_000)) * 100,
      unchanged: false
    },
    budgets: (report.budgets.slice(0, 2) as BudgetResult[]).concat({
      name: 'max-increase',
      subject: 'final image size increase over the baseline',
      unit: 'ratio',
      limit: 0.05,
      actual: change / baseline.size,
      passed: true,
      message: ''
    }),
    passed: true
  }
}

/** The four layouts looked at rendered (`scripts/render-comment.mjs --examples`). */
export const RENDER_EXAMPLES: Record<string, () => { report: Report; commentKey?: string }> = {
  'baseline-grew': () => ({
    report: grewWithFailingIncrease(),
    commentKey: 'examples/go-web/Dockerfile:final'
  }),
  'no-baseline-passing': () => ({ report: passingNoBaseline() }),
  'with-builder': () => ({ report: goWebReport() }),
  'comment-mode': () => ({
    report: commentModeReport(),
    commentKey: 'examples/go-web/Dockerfile:final'
  })
}
