import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  collectorSources,
  expandVariables,
  fromChain,
  planDockerfile
} from '../../src/dockerfile/plan.ts'
import type { PlanOptions } from '../../src/dockerfile/plan.ts'

interface Shape {
  name: string
  text: string
  opts?: Partial<PlanOptions>
  target: string
  candidates: string[]
  /** Expected bases by stage ref, when the shape is about bases. */
  bases?: Record<string, string>
}

const base = (s: { kind: string; image?: string; stage?: string }): string =>
  s.kind === 'image' ? `image:${s.image}` : s.kind === 'stage' ? `stage:${s.stage}` : 'scratch'

const shapes: Shape[] = [
  {
    name: 'ARG before FROM, default and build-arg override',
    text: [
      'ARG GO_IMAGE=golang:1.19',
      'ARG RUNTIME_IMAGE=busybox:1.36',
      'FROM ${GO_IMAGE} AS build',
      'RUN go build -o /out/app .',
      'FROM $RUNTIME_IMAGE',
      'COPY --from=build /out/app /app'
    ].join('\n'),
    opts: { buildArgs: { RUNTIME_IMAGE: 'isb-local/busybox:latest', UNDECLARED: 'x' } },
    target: '1',
    candidates: ['build'],
    bases: { build: 'image:golang:1.19', '1': 'image:isb-local/busybox:latest' }
  },
  {
    name: 'AS in any case, names lower-cased, --from in another case',
    text: 'FROM golang As Builder\nRUN make\nfrom busybox aS Final\nCOPY --from=BUILDER /x /x\n',
    target: 'final',
    candidates: ['builder']
  },
  {
    name: '--from=<index> names an earlier stage (named or not)',
    text: 'FROM golang\nRUN make\nFROM alpine AS tools\nFROM scratch\nCOPY --from=0 /x /x\nCOPY --from=1 /t /t\n',
    target: '2',
    candidates: ['0', 'tools'],
    bases: { '0': 'image:golang', tools: 'image:alpine', '2': 'scratch' }
  },
  {
    name: 'RUN --mount from=, any key order: a bind mount counts, a cache mount does not',
    text: [
      'FROM golang AS deps',
      'FROM golang AS build',
      'FROM busybox',
      'RUN --mount=from=build,source=/out,target=/in,type=bind cp /in/app /app',
      'RUN --mount=type=cache,target=/root/.cache,from=deps,source=/c true',
      'RUN --mount=type=cache,target=/tmp true'
    ].join('\n'),
    target: '2',
    candidates: ['build']
  },
  {
    name: 'cache mount from= only (TYPE in any case): no candidate',
    text: [
      'FROM golang AS gocache',
      'FROM busybox',
      'RUN --mount=Type=CACHE,from=gocache,target=/root/.cache/go-build true',
      'RUN --mount=type=secret,id=npm --mount=type=ssh --mount=type=tmpfs,target=/t true'
    ].join('\n'),
    target: '1',
    candidates: []
  },
  {
    name: 'a mount without type is a bind mount',
    text: 'FROM golang AS build\nFROM busybox\nRUN --mount=target=/in,from=build cp /in/a /a\n',
    target: '1',
    candidates: ['build']
  },
  {
    name: 'scratch collector: followed back to the stage that built the files',
    text: [
      'FROM golang AS build',
      'RUN go build -o /out/registry .',
      'FROM scratch AS binary',
      'COPY --from=build /out/registry /',
      'FROM alpine',
      'COPY --from=binary /registry /bin/registry'
    ].join('\n'),
    target: '2',
    candidates: ['build']
  },
  {
    name: 'chain of collectors, and a collector FROM a collector',
    text: [
      'FROM golang AS build',
      'FROM golang AS tools',
      'FROM scratch AS binary',
      'COPY --from=build /out/app /',
      'FROM binary AS bundle',
      'COPY --from=tools /out/tool /',
      'FROM scratch AS release',
      'COPY --from=bundle / /',
      'FROM busybox',
      'COPY --from=release / /usr/local/bin/'
    ].join('\n'),
    target: '5',
    candidates: ['build', 'tools']
  },
  {
    name: 'collector with context files beside its stage copies is still a collector',
    text: [
      'FROM golang AS build',
      'FROM scratch AS dist',
      'COPY LICENSE /',
      'COPY --from=alpine:3 /etc/ssl/certs/ca-certificates.crt /',
      'COPY --from=build /out/app /',
      'FROM busybox',
      'COPY --from=dist / /opt/app/'
    ].join('\n'),
    target: '2',
    candidates: ['build']
  },
  {
    name: 'no collector: scratch stage copying only from the context or an image, a scratch stage that RUNs, a stage from an image',
    text: [
      'FROM golang AS build',
      'FROM scratch AS files',
      'COPY --from=alpine:3 /etc/passwd /',
      'COPY motd /',
      'FROM scratch AS runs',
      'COPY --from=build /bin/sh /bin/sh',
      'RUN ["/bin/sh", "-c", "echo > /x"]',
      'FROM alpine AS bundle',
      'COPY --from=build /out/app /',
      'FROM busybox',
      'COPY --from=files / /',
      'COPY --from=runs /x /x',
      'COPY --from=bundle /app /app'
    ].join('\n'),
    target: '4',
    candidates: ['files', 'runs', 'bundle']
  },
  {
    name: 'final copies from a collector and directly from the collected stage',
    text: [
      'FROM golang AS build',
      'FROM alpine AS certs',
      'FROM scratch AS binary',
      'COPY --from=certs /etc/ssl /etc/ssl',
      'COPY --from=build /out/app /',
      'FROM busybox',
      'COPY --from=build /out/helper /helper',
      'COPY --from=binary / /'
    ].join('\n'),
    target: '3',
    candidates: ['build', 'certs']
  },
  {
    name: 'ONBUILD COPY --from in a parent stage runs in the child: a reference of the child',
    text: [
      'FROM busybox AS runtime',
      'ONBUILD COPY --from=build /out/app /app',
      'FROM golang AS build',
      'FROM alpine AS certs',
      'FROM runtime',
      'COPY --from=certs /etc/ssl /etc/ssl'
    ].join('\n'),
    target: '3',
    candidates: ['build', 'certs']
  },
  {
    name: 'ONBUILD in the target itself or a stage the target is not built from: no reference',
    text: [
      'FROM golang AS build',
      'FROM busybox AS other',
      'ONBUILD COPY --from=build /out/app /app',
      'FROM busybox',
      'ONBUILD COPY --from=build /out/app /app',
      'ONBUILD RUN --mount=from=build,target=/b true'
    ].join('\n'),
    target: '2',
    candidates: []
  },
  {
    name: 'stage FROM stage chain: ancestors’ copies count, root first',
    text: [
      'FROM golang AS build',
      'FROM alpine AS certs',
      'FROM busybox AS runtime-base',
      'COPY --from=certs /etc/ssl /etc/ssl',
      'FROM runtime-base AS final',
      'COPY --from=build /app /app'
    ].join('\n'),
    target: 'final',
    candidates: ['certs', 'build'],
    bases: { final: 'stage:runtime-base' }
  },
  {
    name: 'copied stages’ own copies are not followed',
    text: [
      'FROM alpine AS assets',
      'FROM golang AS build',
      'COPY --from=assets /a /a',
      'FROM scratch',
      'COPY --from=build /app /app'
    ].join('\n'),
    target: '2',
    candidates: ['build']
  },
  {
    name: 'escape directive with backtick continuations',
    text: [
      '# escape=`',
      'FROM golang AS build',
      'RUN go build `',
      '    -o /app .',
      'FROM busybox',
      'COPY `',
      '  --from=build /app /app'
    ].join('\n'),
    target: '1',
    candidates: ['build']
  },
  {
    name: 'backslash continuations with a comment line inside',
    text: [
      'FROM golang AS build',
      'FROM busybox',
      'COPY --chown=1:1 \\',
      '  # the binary',
      '  --from=build \\',
      '  /app /app'
    ].join('\n'),
    target: '1',
    candidates: ['build']
  },
  {
    name: 'heredocs: a body line that looks like an instruction is not one',
    text: [
      'FROM golang AS build',
      'RUN <<EOF',
      'FROM notastage',
      'COPY --from=nope /x /y',
      'EOF',
      'FROM busybox',
      'COPY --from=build /app /app',
      'COPY <<EOT /etc/motd',
      'COPY --from=nope /a /b',
      'EOT'
    ].join('\n'),
    target: '1',
    candidates: ['build']
  },
  {
    name: 'comments everywhere',
    text: '# top\nFROM golang AS build\n# mid\n  # indented\nFROM busybox\n# COPY --from=build /x /x\n',
    target: '1',
    candidates: []
  },
  {
    name: 'single stage',
    text: 'FROM busybox\nRUN echo hi > /x\nCMD ["sh"]\n',
    target: '0',
    candidates: []
  },
  {
    name: 'unknown --from name is an external image, not a stage',
    text: 'FROM golang AS build\nFROM busybox\nCOPY --from=biuld /app /app\n',
    target: '1',
    candidates: []
  },
  {
    name: '--from an external image',
    text: 'FROM golang AS build\nFROM busybox\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\nCOPY --from=build /app /app\n',
    target: '1',
    candidates: ['build']
  },
  {
    name: 'small certs stage copied first, big build output second',
    text: [
      'FROM alpine AS certs',
      'RUN apk add ca-certificates',
      'FROM golang:1.22 AS build',
      'RUN go build -o /app .',
      'FROM scratch',
      'COPY --from=certs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/',
      'COPY --from=build /app /app'
    ].join('\n'),
    target: '2',
    candidates: ['certs', 'build']
  },
  {
    name: 'target input picks an earlier stage',
    text: 'FROM golang AS build\nRUN make\nFROM busybox AS Debug\nCOPY --from=build /app /app\nFROM scratch\n',
    opts: { target: 'DEBUG' },
    target: 'debug',
    candidates: ['build']
  },
  {
    name: 'FROM a stage name that comes only later is an image',
    text: 'FROM later AS first\nFROM busybox AS later\n',
    target: 'later',
    candidates: [],
    bases: { first: 'image:later' }
  },
  {
    name: 'ARG defaults referring to earlier ARGs, ${VAR:-default} form',
    text: 'ARG REG=localhost:5000\nARG IMG=${REG}/go\nARG TAG\nFROM ${IMG}:${TAG:-1.19} AS b\nFROM b\n',
    target: '1',
    candidates: [],
    bases: { b: 'image:localhost:5000/go:1.19', '1': 'stage:b' }
  }
]

describe('planDockerfile: builder candidates over Dockerfile shapes', () => {
  for (const shape of shapes) {
    test(shape.name, () => {
      const plan = planDockerfile(shape.text, { file: 'Dockerfile', ...shape.opts })
      assert.equal(plan.target, shape.target)
      assert.deepEqual(plan.builderCandidates, shape.candidates)
      for (const [ref, expected] of Object.entries(shape.bases ?? {})) {
        const stage = plan.stages.find(s => s.ref === ref)
        assert.ok(stage, `stage ${ref}`)
        assert.equal(base(stage.base), expected, `base of ${ref}`)
      }
    })
  }
  assert.ok(shapes.length >= 20)
})

describe('planDockerfile: instructions', () => {
  test('keywords, 1-based lines of the keyword, args with flags, continuations joined', () => {
    const text = [
      '# syntax=docker/dockerfile:1', // 1
      'ARG BASE=busybox', // 2
      'FROM --platform=$BUILDPLATFORM ${BASE} AS Base', // 3
      'run echo a \\', // 4
      '    b', // 5
      '', // 6
      'COPY --from=0 --chown=1 /a /b', // 7  (own stage index: error? no — see below)
      'WORKDIR /src' // 8
    ]
    // --from=0 inside stage 0 is not an earlier stage
    assert.throws(
      () => planDockerfile(text.join('\n'), { file: 'df' }),
      /df:7 uses --from=0.*earlier stage/
    )
    text[6] = 'COPY --chown=1 /a /b'
    const plan = planDockerfile(text.join('\n'), { file: 'df' })
    const [stage] = plan.stages
    assert.ok(stage)
    assert.equal(stage.name, 'base')
    assert.deepEqual(stage.from, {
      keyword: 'FROM',
      args: '--platform=$BUILDPLATFORM ${BASE} AS Base',
      stage: 'base',
      location: { file: 'df', line: 3 }
    })
    assert.deepEqual(
      stage.instructions.map(i => [i.keyword, i.args, i.location.line]),
      [
        ['RUN', 'echo a     b', 4],
        ['COPY', '--chown=1 /a /b', 7],
        ['WORKDIR', '/src', 8]
      ]
    )
  })

  test('heredoc bodies are dropped from args; the next instruction keeps its line', () => {
    const text =
      'FROM busybox\nRUN <<EOF bash\nset -e\necho hi\nEOF\nCOPY <<A <<B /dst/\na\nA\nb\nB\nUSER 1\n'
    const [stage] = planDockerfile(text, { file: 'Dockerfile' }).stages
    assert.deepEqual(
      stage?.instructions.map(i => [i.keyword, i.args, i.location.line]),
      [
        ['RUN', '<<EOF bash', 2],
        ['COPY', '<<A <<B /dst/', 6],
        ['USER', '1', 11]
      ]
    )
  })

  test('copiesFrom on instructions and stages, in order of first use, no duplicates', () => {
    const text = [
      'FROM golang AS build',
      'FROM alpine AS certs',
      'FROM scratch',
      'COPY --from=build /a /a',
      'RUN --mount=from=certs,target=/c --mount=type=bind,from=build,target=/b true',
      'COPY --from=certs /c /c'
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    const final = plan.stages[2]
    assert.deepEqual(final?.copiesFrom, ['build', 'certs'])
    assert.deepEqual(
      final?.instructions.map(i => i.copiesFrom),
      [['build'], ['certs', 'build'], ['certs']]
    )
    assert.deepEqual(plan.builderCandidates, ['build', 'certs'])
  })

  test('ONBUILD triggers: resolved in each child, on the ONBUILD instruction and the child stage', () => {
    const text = [
      'FROM busybox AS parent', // 1
      'ONBUILD COPY --chown=1 --from=build /app /app', // 2
      'ONBUILD COPY --from=0 /etc/hostname /h', // 3
      'ONBUILD RUN --mount=type=cache,from=build,target=/c true', // 4
      'FROM golang AS build', // 5
      'FROM parent AS child', // 6
      'COPY --from=build /more /more', // 7
      'FROM parent AS early-child' // 8 — sees "build", and --from=0 is parent
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile', target: 'child' })
    const parent = plan.stages[0]
    assert.deepEqual(parent?.copiesFrom, [])
    assert.deepEqual(
      parent?.instructions.map(i => [i.keyword, i.copiesFrom]),
      [
        ['ONBUILD', ['build']],
        ['ONBUILD', ['parent']],
        ['ONBUILD', undefined]
      ]
    )
    assert.deepEqual(plan.stages[2]?.copiesFrom, ['build', 'parent'])
    assert.deepEqual(plan.builderCandidates, ['build', 'parent'])
  })

  test('ONBUILD naming a stage the child cannot see is left out, not an error', () => {
    const text = [
      'FROM busybox AS parent',
      'ONBUILD COPY --from=later /a /a',
      'ONBUILD COPY --from=7 /a /a',
      'FROM parent AS child',
      'FROM golang AS later'
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile', target: 'child' })
    assert.deepEqual(plan.builderCandidates, [])
    assert.equal(plan.stages[0]?.instructions[0]?.copiesFrom, undefined)
  })

  test('collectorSources: what a collector gathers, undefined for other stages', () => {
    const text = [
      'FROM golang AS build',
      'FROM scratch AS binary',
      'COPY --from=build /a /a',
      'FROM binary AS more',
      'ONBUILD RUN true',
      'FROM scratch AS empty',
      'FROM more AS runs-trigger',
      'FROM busybox'
    ].join('\n')
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    assert.deepEqual(collectorSources(plan.stages, 'binary'), ['build'])
    assert.equal(collectorSources(plan.stages, 'build'), undefined)
    assert.equal(collectorSources(plan.stages, 'empty'), undefined)
    // "more" holds an ONBUILD RUN: it runs in a child, so the chain of "runs-trigger" runs code.
    assert.equal(collectorSources(plan.stages, 'runs-trigger'), undefined)
  })

  test('fromChain walks FROM <stage> to the root', () => {
    const text = 'FROM busybox AS a\nFROM a AS b\nFROM golang AS x\nFROM b AS c\n'
    const plan = planDockerfile(text, { file: 'Dockerfile' })
    assert.deepEqual(
      fromChain(plan, 'c').map(s => s.ref),
      ['a', 'b', 'c']
    )
    assert.deepEqual(
      fromChain(plan, 'x').map(s => s.ref),
      ['x']
    )
  })
})

describe('planDockerfile: bad input', () => {
  test('unknown target names the input and lists the stages', () => {
    const text = 'FROM golang AS build\nFROM busybox\n'
    assert.throws(
      () => planDockerfile(text, { file: 'Dockerfile', target: 'relase' }),
      (err: Error) =>
        /^target: no stage named "relase"/.test(err.message) &&
        err.message.includes('build') &&
        err.message.includes('1 (unnamed)')
    )
  })

  test('a file without FROM names the file input', () => {
    assert.throws(
      () => planDockerfile('# nothing\nARG A=1\n', { file: 'x/Dockerfile' }),
      /file: x\/Dockerfile has no FROM/
    )
  })

  test('--from=<index> beyond the earlier stages', () => {
    assert.throws(
      () => planDockerfile('FROM a\nFROM b\nCOPY --from=5 /x /x\n', { file: 'Dockerfile' }),
      /Dockerfile:3 uses --from=5/
    )
  })
})

describe('expandVariables', () => {
  const vars = new Map([
    ['A', 'alpha'],
    ['E', '']
  ])
  const cases: [string, string][] = [
    ['$A', 'alpha'],
    ['${A}:1', 'alpha:1'],
    ['$A_x', ''],
    ['${B:-d}', 'd'],
    ['${E:-d}', 'd'],
    ['${E-d}', ''],
    ['${A:+set}', 'set'],
    ['${B+set}', ''],
    ['\\$A', '$A'],
    ['x$', 'x$']
  ]
  for (const [word, expected] of cases) {
    test(`${word} → ${JSON.stringify(expected)}`, () => {
      assert.equal(expandVariables(word, vars), expected)
    })
  }
})
