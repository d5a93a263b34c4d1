import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { chooseBuilder } from '../../src/dockerfile/builder.ts'
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
