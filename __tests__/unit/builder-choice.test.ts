import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chooseBuilder, collectorsToMeasure } from '../../src/dockerfile/builder.ts'
import { planDockerfile } from '../../src/dockerfile/plan.ts'
import type { DockerfilePlan, Instruction, Layer } from '../../src/model.ts'

const CERTS_THEN_BUILD = [
  'FROM alpine AS certs',
  'RUN apk add ca-certificates',
  'FROM golang AS build',
  'RUN go build -o /app .',
  'FROM busybox AS final',
  'COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', // 6
  'COPY --from=build /app /app', // 7
  'RUN --mount=from=build,source=/extra,target=/e cp /e/x /x', // 8
  'USER 65534' // 9
].join('\n')

/** The final stage's instruction on `line` of the plan. */
function at(plan: DockerfilePlan, line: number): Instruction {
  const found = plan.stages.flatMap(s => s.instructions).find(i => i.location.line === line)
  assert.ok(found, `instruction on line ${line}`)
  return found
}

function layer(index: number, size: number, instruction?: Instruction): Layer {
  return {
    index,
    diffId: `sha256:${String(index).padStart(64, '0')}`,
    size,
    createdBy: instruction ? `${instruction.keyword} ${instruction.args}` : 'base',
    ...(instruction ? { instruction } : {})
  }
}

describe('chooseBuilder', () => {
  const plan = planDockerfile(CERTS_THEN_BUILD, { file: 'Dockerfile' })

  test('several candidates: the one whose copies add the most bytes, bytes per candidate', () => {
    const layers = [
      layer(0, 1_983_000),
      layer(1, 213_000, at(plan, 6)),
      layer(2, 7_100_000, at(plan, 7)),
      layer(3, 50, at(plan, 8))
    ]
    const choice = chooseBuilder(plan, layers)
    assert.equal(choice.builder, 'build')
    assert.deepEqual(choice.candidates, ['certs', 'build'])
    assert.deepEqual(choice.copiedBytes, { certs: 213_000, build: 7_100_050 })
    assert.equal(choice.target, 'final')
    assert.match(choice.reason, /"build" adds the most/)
  })

  test('the first-used candidate wins when its copies are larger', () => {
    const layers = [layer(0, 10), layer(1, 9_000_000, at(plan, 6)), layer(2, 100, at(plan, 7))]
    const choice = chooseBuilder(plan, layers)
    assert.equal(choice.builder, 'certs')
    assert.deepEqual(choice.copiedBytes, { certs: 9_000_000, build: 100 })
  })

  test('a tie goes to the last candidate used', () => {
    const layers = [layer(0, 10), layer(1, 500, at(plan, 6)), layer(2, 500, at(plan, 7))]
    const choice = chooseBuilder(plan, layers)
    assert.equal(choice.builder, 'build')
    assert.match(choice.reason, /same 500 B.*last one used, "build"/)
  })

  test('no attributed layer: the last candidate, bytes all 0', () => {
    const choice = chooseBuilder(plan, [layer(0, 10), layer(1, 99)])
    assert.equal(choice.builder, 'build')
    assert.deepEqual(choice.copiedBytes, { certs: 0, build: 0 })
    assert.match(choice.reason, /No layer of the final image could be traced/)
  })

  test('layers unknown: the last candidate, no copiedBytes', () => {
    const choice = chooseBuilder(plan, undefined)
    assert.equal(choice.builder, 'build')
    assert.equal(choice.copiedBytes, undefined)
  })

  test('one candidate: it, without copiedBytes', () => {
    const one = planDockerfile('FROM golang AS build\nFROM scratch\nCOPY --from=build /a /a\n', {
      file: 'Dockerfile'
    })
    const choice = chooseBuilder(one, undefined)
    assert.equal(choice.builder, 'build')
    assert.equal(choice.copiedBytes, undefined)
    assert.match(choice.reason, /only stage/)
  })

  test('no candidate: no builder, and the reason says so', () => {
    const single = planDockerfile('FROM busybox\nRUN true\n', { file: 'Dockerfile' })
    const choice = chooseBuilder(single, [layer(0, 10)])
    assert.equal(choice.builder, undefined)
    assert.deepEqual(choice.candidates, [])
    assert.match(choice.reason, /no builder stage/)
  })

  test('builder-target overrides, any case, even a stage that is no candidate', () => {
    const choice = chooseBuilder(plan, undefined, 'CERTS')
    assert.equal(choice.builder, 'certs')
    assert.match(choice.reason, /builder-target/)
    const single = planDockerfile('FROM golang AS tools\nFROM busybox AS app\n', {
      file: 'Dockerfile'
    })
    assert.equal(chooseBuilder(single, undefined, 'tools').builder, 'tools')
  })

  test('builder-target that is no stage, or the target itself, is an error naming the input', () => {
    assert.throws(
      () => chooseBuilder(plan, undefined, 'biuld'),
      (err: Error) =>
        err.message.startsWith('builder-target: no stage named "biuld"') &&
        err.message.includes('certs, build, final')
    )
    assert.throws(
      () => chooseBuilder(plan, undefined, 'Final'),
      /builder-target: "Final" is the target stage itself/
    )
  })
})

describe('chooseBuilder through collector stages', () => {
  // distribution/distribution's shape: a scratch stage gathers the binary, the final copies it.
  const ONE = [
    'FROM golang AS build', // 1
    'RUN go build -o /out/registry .', // 2
    'FROM scratch AS binary', // 3
    'COPY --from=build /out/registry /', // 4
    'FROM alpine AS final', // 5
    'COPY --from=binary /registry /bin/registry' // 6
  ].join('\n')

  test('one collector, one source: its source, and the reason names the collector', () => {
    const plan = planDockerfile(ONE, { file: 'Dockerfile' })
    const choice = chooseBuilder(plan, undefined)
    assert.equal(choice.builder, 'build')
    assert.deepEqual(choice.candidates, ['build'])
    assert.equal(
      choice.reason,
      '"build" produces the files the final stage "final" copies through "binary".'
    )
    assert.deepEqual(collectorsToMeasure(plan), [])
  })

  // moby/buildkit's shape: one collector gathers two binaries; certs are copied directly.
  const TWO = [
    'FROM alpine AS certs', // 1
    'FROM golang AS ctl', // 2
    'RUN go build -o /out/ctl .', // 3
    'FROM golang AS daemon', // 4
    'RUN go build -o /out/daemon .', // 5
    'FROM scratch AS binaries', // 6
    'COPY --from=ctl /out/ctl /', // 7
    'COPY --from=daemon /out/daemon /', // 8
    'COPY LICENSE /', // 9
    'FROM busybox AS final', // 10
    'COPY --from=certs /etc/ssl/certs /etc/ssl/certs', // 11
    'COPY --from=binaries / /usr/bin/' // 12
  ].join('\n')

  test('a collector of several stages splits the bytes by its own layers; the reason says so', () => {
    const plan = planDockerfile(TWO, { file: 'Dockerfile' })
    assert.deepEqual(plan.builderCandidates, ['certs', 'ctl', 'daemon'])
    assert.deepEqual(collectorsToMeasure(plan), ['binaries'])
    const finalLayers = [
      layer(0, 1_983_000),
      layer(1, 210_000, at(plan, 11)),
      layer(2, 30_000_000, at(plan, 12))
    ]
    // The collector image: 10 MB from ctl, 20 MB from daemon, 11 kB LICENSE (no stage).
    const collectorLayers = {
      binaries: [
        layer(0, 10_000_000, at(plan, 7)),
        layer(1, 20_000_000, at(plan, 8)),
        layer(2, 11_000, at(plan, 9))
      ]
    }
    const choice = chooseBuilder(plan, finalLayers, undefined, collectorLayers)
    assert.equal(choice.builder, 'daemon')
    assert.deepEqual(choice.copiedBytes, { certs: 210_000, ctl: 10_000_000, daemon: 20_000_000 })
    assert.match(choice.reason, /^"daemon" adds the most to the final image/)
    assert.match(
      choice.reason,
      /"daemon" produces the files the final stage "final" copies through "binaries"\.$/
    )
  })

  test('the same collector without its layers: all its bytes go to its last source', () => {
    const plan = planDockerfile(TWO, { file: 'Dockerfile' })
    const finalLayers = [
      layer(0, 10),
      layer(1, 210_000, at(plan, 11)),
      layer(2, 30_000_000, at(plan, 12))
    ]
    const choice = chooseBuilder(plan, finalLayers)
    assert.equal(choice.builder, 'daemon')
    assert.deepEqual(choice.copiedBytes, { certs: 210_000, ctl: 0, daemon: 30_000_000 })
  })

  test('a larger direct copy still beats a collector', () => {
    const plan = planDockerfile(TWO, { file: 'Dockerfile' })
    const finalLayers = [
      layer(0, 10),
      layer(1, 9_000_000, at(plan, 11)),
      layer(2, 300, at(plan, 12))
    ]
    const collectorLayers = { binaries: [layer(0, 100, at(plan, 7)), layer(1, 200, at(plan, 8))] }
    const choice = chooseBuilder(plan, finalLayers, undefined, collectorLayers)
    assert.equal(choice.builder, 'certs')
    assert.deepEqual(choice.copiedBytes, { certs: 9_000_000, ctl: 100, daemon: 200 })
    assert.doesNotMatch(choice.reason, /produces the files/)
  })

  test('copied directly and through a collector: both credited to the producer', () => {
    const text = [
      'FROM golang AS build', // 1
      'FROM alpine AS certs', // 2
      'FROM scratch AS binary', // 3
      'COPY --from=build /out/app /', // 4
      'FROM busybox AS final', // 5
      'COPY --from=certs /etc/ssl /etc/ssl', // 6
      'COPY --from=build /out/helper /helper', // 7
      'COPY --from=binary /app /app' // 8
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    assert.deepEqual(plan.builderCandidates, ['certs', 'build'])
    const finalLayers = [
      layer(0, 10),
      layer(1, 300_000, at(plan, 6)),
      layer(2, 200_000, at(plan, 7)),
      layer(3, 200_000, at(plan, 8))
    ]
    const choice = chooseBuilder(plan, finalLayers)
    assert.equal(choice.builder, 'build')
    assert.deepEqual(choice.copiedBytes, { certs: 300_000, build: 400_000 })
    assert.match(choice.reason, /copies directly and through "binary"\.$/)
  })

  test('a chain of collectors is followed to the end, and the reason walks it', () => {
    const text = [
      'FROM golang AS build',
      'FROM scratch AS binary',
      'COPY --from=build /out/app /',
      'FROM scratch AS release',
      'COPY --from=binary / /',
      'FROM busybox AS final',
      'COPY --from=release /app /app'
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    const choice = chooseBuilder(plan, [layer(0, 10)])
    assert.equal(choice.builder, 'build')
    assert.equal(
      choice.reason,
      '"build" produces the files the final stage "final" copies through "release", which gathers them from "binary".'
    )
  })

  test('nested collectors of several stages: shares multiply', () => {
    const text = [
      'FROM golang AS a', // 1
      'FROM golang AS b', // 2
      'FROM golang AS c', // 3
      'FROM scratch AS ab', // 4
      'COPY --from=a /a /', // 5
      'COPY --from=b /b /', // 6
      'FROM scratch AS all', // 7
      'COPY --from=ab / /', // 8
      'COPY --from=c /c /', // 9
      'FROM busybox AS final', // 10
      'COPY --from=all / /opt/' // 11
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    assert.deepEqual(plan.builderCandidates, ['a', 'b', 'c'])
    assert.deepEqual(collectorsToMeasure(plan), ['all', 'ab'])
    const collectorLayers = {
      ab: [layer(0, 1_000, at(plan, 5)), layer(1, 3_000, at(plan, 6))],
      all: [layer(0, 4_000, at(plan, 8)), layer(1, 2_000, at(plan, 9))]
    }
    const choice = chooseBuilder(
      plan,
      [layer(0, 600_000, at(plan, 11))],
      undefined,
      collectorLayers
    )
    // all: 4/6 from ab (¼ a, ¾ b), 2/6 from c.
    assert.deepEqual(choice.copiedBytes, { a: 100_000, b: 300_000, c: 200_000 })
    assert.equal(choice.builder, 'b')
    assert.match(choice.reason, /copies through "all", which gathers them from "ab"\.$/)
  })

  test('a cache mount from a stage is no copy; a bind mount is', () => {
    const text = [
      'FROM golang AS modcache',
      'FROM golang AS build',
      'FROM busybox AS final',
      'RUN --mount=type=cache,from=modcache,target=/go/pkg/mod true',
      'RUN --mount=type=bind,from=build,source=/out,target=/in cp /in/app /app'
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    const choice = chooseBuilder(plan, undefined)
    assert.equal(choice.builder, 'build')
    assert.deepEqual(choice.candidates, ['build'])
  })

  test('an ONBUILD COPY --from in the parent stage: its layer counts for its stage', () => {
    const text = [
      'FROM alpine AS certs', // 1
      'FROM golang AS build', // 2
      'FROM busybox AS runtime', // 3
      'ONBUILD COPY --from=build /out/app /app', // 4
      'FROM runtime AS final', // 5
      'COPY --from=certs /etc/ssl /etc/ssl' // 6
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    assert.deepEqual(plan.builderCandidates, ['build', 'certs'])
    const choice = chooseBuilder(plan, [
      layer(0, 10),
      layer(1, 5_000_000, at(plan, 4)),
      layer(2, 200_000, at(plan, 6))
    ])
    assert.equal(choice.builder, 'build')
    assert.deepEqual(choice.copiedBytes, { build: 5_000_000, certs: 200_000 })
  })

  test('builder-target may name a collector: the user decides', () => {
    const plan = planDockerfile(ONE, { file: 'Dockerfile' })
    assert.equal(chooseBuilder(plan, undefined, 'binary').builder, 'binary')
  })
})
