/**
 * Attribution of history entries and layers to Dockerfile lines. The history arrays below were
 * captured from the real engine here (dockerd 20.10.24: the classic builder, and BuildKit v0.8 via
 * DOCKER_BUILDKIT=1) with `docker save IMG | tar -xO <config>.json`, keeping created_by,
 * empty_layer and comment; `layers` is the length of rootfs.diff_ids.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  attributeHistory,
  attributeLayers,
  historyKeyword
} from '../../src/dockerfile/attribute.ts'
import { planDockerfile } from '../../src/dockerfile/plan.ts'
import {
  createdByPerLayer,
  historyIndexPerLayer,
  historyToLayers
} from '../../src/image/history.ts'
import type { HistoryEntry } from '../../src/image/history.ts'
import type { Instruction } from '../../src/model.ts'

const BK = 'buildkit.dockerfile.v0'
const bk = (created_by: string, empty = false): HistoryEntry =>
  empty ? { created_by, empty_layer: true, comment: BK } : { created_by, comment: BK }
const classic = (created_by: string, empty = false): HistoryEntry =>
  empty ? { created_by, empty_layer: true } : { created_by }
const IMPORTED: HistoryEntry = { comment: 'Imported from -' }
const fakeDiffIds = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `sha256:${String(i).padStart(64, '0')}`)
const lines = (xs: (Instruction | undefined)[]): (number | undefined)[] =>
  xs.map(i => i?.location.line)

/** Every stage kind the brief names: ARG, ENV, WORKDIR, COPY, COPY --from, RUN, metadata. */
const DOCKERFILE_1 = [
  'ARG BASE=isb-local/busybox:latest', // 1
  'FROM ${BASE} AS base', // 2
  'ARG FOO=1', // 3
  'ARG BAR', // 4
  'ENV A=b C="d e"', // 5
  'WORKDIR /src', // 6
  'COPY a.txt /src/', // 7
  'RUN echo $FOO > /foo.txt', // 8
  'LABEL x=y', // 9
  'FROM base AS build', // 10
  'ARG FOO', // 11
  'ARG BAZ=3', // 12
  'ADD d /d', // 13
  'RUN echo built > /out && echo $BAZ', // 14
  'COPY d/ /d2/', // 15
  'FROM base', // 16
  'ARG FOO=2', // 17
  'COPY --from=build /out /out', // 18
  'COPY --from=build /d /dd', // 19
  'RUN echo $FOO', // 20
  'EXPOSE 8080', // 21
  'USER 65534', // 22
  'VOLUME /data', // 23
  'STOPSIGNAL SIGTERM', // 24
  'HEALTHCHECK CMD true', // 25
  'SHELL ["/bin/sh","-c"]', // 26
  'ONBUILD RUN echo x', // 27
  'ENTRYPOINT ["/bin/sh"]', // 28
  'CMD ["-c","true"]' // 29
].join('\n')

const HISTORY_1_CLASSIC: HistoryEntry[] = [
  IMPORTED,
  classic('/bin/sh -c #(nop)  ARG FOO=1', true),
  classic('/bin/sh -c #(nop)  ARG BAR', true),
  classic('/bin/sh -c #(nop)  ENV A=b C=d e', true),
  classic('/bin/sh -c #(nop) WORKDIR /src'),
  classic(
    '/bin/sh -c #(nop) COPY file:00ec16333078d287782d462baefc8bb9eb0231dc3aefba3ca3e2f7e5cf0cadda in /src/ '
  ),
  classic('|1 FOO=1 /bin/sh -c echo $FOO > /foo.txt'),
  classic('/bin/sh -c #(nop)  LABEL x=y', true),
  classic('/bin/sh -c #(nop)  ARG FOO=2', true),
  classic(
    '/bin/sh -c #(nop) COPY file:1bb11224fb6c351c960c946e353c32835b204d976422ddd28b108322edd08988 in /out '
  ),
  classic(
    '/bin/sh -c #(nop) COPY dir:1e2435372b57d8b7ece3ca1dbbc90daa84914e80093afe3046fa9d8ffd6d3a42 in /dd '
  ),
  // The classic builder marks a RUN that changed no file as an empty layer.
  classic('|1 FOO=2 /bin/sh -c echo $FOO', true),
  classic('/bin/sh -c #(nop)  EXPOSE 8080', true),
  classic('/bin/sh -c #(nop)  USER 65534', true),
  classic('/bin/sh -c #(nop)  VOLUME [/data]', true),
  classic('/bin/sh -c #(nop)  STOPSIGNAL SIGTERM', true),
  classic(`/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "true"] "0s" "0s" "0s" '\\x00'}`, true),
  classic('/bin/sh -c #(nop)  SHELL [/bin/sh -c]', true),
  classic('/bin/sh -c #(nop)  ONBUILD RUN echo x', true),
  classic('/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh"]', true),
  classic('/bin/sh -c #(nop)  CMD ["-c" "true"]', true)
]

const HISTORY_1_BUILDKIT: HistoryEntry[] = [
  IMPORTED,
  bk('ARG FOO=1', true),
  bk('ARG BAR', true),
  bk('ENV A=b C=d e', true),
  bk('WORKDIR /src'),
  bk('COPY a.txt /src/ # buildkit'),
  bk('RUN |2 FOO=1 BAR= /bin/sh -c echo $FOO > /foo.txt # buildkit'),
  bk('LABEL x=y', true),
  bk('ARG FOO=2', true),
  bk('COPY /out /out # buildkit'),
  bk('COPY /d /dd # buildkit'),
  bk('RUN |1 FOO=2 /bin/sh -c echo $FOO # buildkit'),
  bk('EXPOSE map[8080/tcp:{}]', true),
  bk('USER 65534', true),
  bk('VOLUME [/data]', true),
  bk('STOPSIGNAL SIGTERM', true),
  bk(`HEALTHCHECK &{["CMD-SHELL" "true"] "0s" "0s" "0s" '\\x00'}`, true),
  bk('SHELL [/bin/sh -c]', true),
  // No ONBUILD entry: BuildKit records none for it.
  bk('ENTRYPOINT ["/bin/sh"]', true),
  bk('CMD ["-c" "true"]', true)
]

/** ONBUILD triggers of a parent stage, MAINTAINER, RUN exec form, SHELL, continuation + comment. */
const DOCKERFILE_2 = (lastRun: string): string =>
  [
    'FROM isb-local/busybox:latest AS parent', // 1
    'MAINTAINER someone', // 2
    'ONBUILD RUN echo trig > /trig', // 3
    'ONBUILD ENV T=1', // 4
    'WORKDIR /', // 5
    'RUN ["/bin/sh", "-c", "echo exec > /exec"]', // 6
    'FROM parent AS child', // 7
    'RUN echo a \\', // 8
    '  # a comment inside', // 9
    '  b > /cont', // 10
    'SHELL ["/bin/sh", "-e", "-c"]', // 11
    'RUN echo shell > /shell', // 12
    'ADD a.txt /added', // 13
    'FROM isb-local/busybox:latest AS other', // 14
    'RUN echo other > /o', // 15
    'FROM child', // 16
    lastRun // 17
  ].join('\n')

const HISTORY_2_CLASSIC: HistoryEntry[] = [
  IMPORTED,
  classic('/bin/sh -c #(nop)  MAINTAINER someone', true),
  classic('/bin/sh -c #(nop)  ONBUILD RUN echo trig > /trig', true),
  classic('/bin/sh -c #(nop)  ONBUILD ENV T=1', true),
  classic('/bin/sh -c #(nop) WORKDIR /', true),
  classic('/bin/sh -c echo exec > /exec'),
  classic('/bin/sh -c echo trig > /trig'),
  classic('/bin/sh -c #(nop)  ENV T=1', true),
  classic('/bin/sh -c echo a   b > /cont'),
  classic('/bin/sh -e -c #(nop)  SHELL [/bin/sh -e -c]', true),
  classic('/bin/sh -e -c echo shell > /shell'),
  classic(
    '/bin/sh -e -c #(nop) ADD file:00ec16333078d287782d462baefc8bb9eb0231dc3aefba3ca3e2f7e5cf0cadda in /added '
  ),
  classic('/bin/sh -e -c echo x > /o2')
]

const HISTORY_2_BUILDKIT: HistoryEntry[] = [
  IMPORTED,
  bk('MAINTAINER someone', true),
  bk('WORKDIR /', true),
  bk('RUN /bin/sh -c echo exec > /exec # buildkit'),
  bk('RUN /bin/sh -c echo trig > /trig # buildkit'),
  bk('ENV T=1', true),
  bk('RUN /bin/sh -c echo a   b > /cont # buildkit'),
  bk('SHELL [/bin/sh -e -c]', true),
  bk('RUN /bin/sh -e -c echo shell > /shell # buildkit'),
  bk('ADD a.txt /added # buildkit'),
  bk('RUN /bin/sh -e -c cat /mnt/o > /o2 # buildkit')
]

describe('attribution against histories captured from the engine', () => {
  const plan1 = planDockerfile(DOCKERFILE_1, { file: 'Dockerfile' })
  const cases = [
    {
      name: 'classic builder: ARG, ENV, WORKDIR, COPY, COPY --from, RUN, ONBUILD, metadata',
      plan: plan1,
      history: HISTORY_1_CLASSIC,
      layers: 6,
      perEntry: [
        undefined,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        17,
        18,
        19,
        20,
        21,
        22,
        23,
        24,
        25,
        26,
        27,
        28,
        29
      ],
      perLayer: [undefined, 6, 7, 8, 18, 19]
    },
    {
      name: 'BuildKit: same file, no ONBUILD entry, the no-op RUN keeps a layer',
      plan: plan1,
      history: HISTORY_1_BUILDKIT,
      layers: 7,
      perEntry: [undefined, 3, 4, 5, 6, 7, 8, 9, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29],
      perLayer: [undefined, 6, 7, 8, 18, 19, 20]
    },
    {
      name: 'classic builder: parent ONBUILD triggers run in the child stage',
      plan: planDockerfile(DOCKERFILE_2('RUN echo x > /o2'), { file: 'Dockerfile' }),
      history: HISTORY_2_CLASSIC,
      layers: 7,
      perEntry: [undefined, 2, 3, 4, 5, 6, 3, 4, 8, 11, 12, 13, 17],
      perLayer: [undefined, 6, 3, 8, 12, 13, 17]
    },
    {
      name: 'BuildKit: ONBUILD triggers, RUN --mount from another stage, exec-form RUN',
      plan: planDockerfile(
        DOCKERFILE_2('RUN --mount=type=bind,from=other,source=/o,target=/mnt/o cat /mnt/o > /o2'),
        { file: 'Dockerfile' }
      ),
      history: HISTORY_2_BUILDKIT,
      layers: 7,
      perEntry: [undefined, 2, 5, 6, 3, 4, 8, 11, 12, 13, 17],
      perLayer: [undefined, 6, 3, 8, 12, 13, 17]
    }
  ]
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(lines(attributeHistory(c.plan, c.history)), c.perEntry)
      assert.deepEqual(lines(attributeLayers(c.plan, c.history, fakeDiffIds(c.layers))), c.perLayer)
    })
  }

  test('the stage argument follows another chain: the build stage of file 1', () => {
    // History of `--target build` (classic), captured alike: base's entries, then build's own.
    const history = [
      ...HISTORY_1_CLASSIC.slice(0, 8),
      classic('/bin/sh -c #(nop)  ARG FOO', true),
      classic('/bin/sh -c #(nop)  ARG BAZ=3', true),
      classic('/bin/sh -c #(nop) ADD dir:7d6c0a4b in /d '),
      classic('|2 FOO=1 BAZ=3 /bin/sh -c echo built > /out && echo $BAZ'),
      classic('/bin/sh -c #(nop) COPY dir:7d6c0a4b in /d2/ ')
    ]
    assert.deepEqual(lines(attributeLayers(plan1, history, fakeDiffIds(7), 'build')), [
      undefined,
      6,
      7,
      8,
      13,
      14,
      15
    ])
  })

  test('an ONBUILD trigger entry is attributed to the parent’s ONBUILD instruction', () => {
    const plan = planDockerfile(DOCKERFILE_2('RUN echo x > /o2'), { file: 'Dockerfile' })
    const attributed = attributeHistory(plan, HISTORY_2_CLASSIC)
    assert.equal(attributed[6]?.keyword, 'ONBUILD')
    assert.equal(attributed[6]?.stage, 'parent')
  })
})

describe('attribution never guesses', () => {
  const plan = planDockerfile('FROM scratch AS a\nCOPY x /x\nRUN make\nENV A=1\nCOPY y /y\n', {
    file: 'Dockerfile'
  })

  test('an unexpected entry stops the walk: later entries matched, earlier ones left undefined', () => {
    const history = [
      bk('COPY x /x # buildkit'),
      bk('RUN /bin/sh -c make # buildkit'),
      bk('LABEL surprise=1', true), // recorded by no instruction of the file
      bk('ENV A=1', true),
      bk('COPY y /y # buildkit')
    ]
    assert.deepEqual(lines(attributeHistory(plan, history)), [
      undefined,
      undefined,
      undefined,
      4,
      5
    ])
  })

  test('a RUN whose recorded command differs is not matched', () => {
    const history = [
      classic('/bin/sh -c #(nop) COPY file:aa in /x '),
      classic('/bin/sh -c make install'),
      classic('/bin/sh -c #(nop)  ENV A=1', true),
      classic('/bin/sh -c #(nop) COPY file:bb in /y ')
    ]
    assert.deepEqual(lines(attributeHistory(plan, history)), [undefined, undefined, 4, 5])
  })

  test('fewer entries than instructions: what matches from the end only', () => {
    const history = [bk('ENV A=1', true), bk('COPY y /y # buildkit')]
    assert.deepEqual(lines(attributeHistory(plan, history)), [4, 5])
  })

  test('an image without history attributes nothing', () => {
    assert.deepEqual(attributeLayers(plan, [], fakeDiffIds(2)), [undefined, undefined])
  })

  test('an unknown stage is an error', () => {
    assert.throws(() => attributeHistory(plan, [], 'nope'), /"nope" is not a stage/)
  })
})

describe('BuildKit ≥ 0.10 (buildx) forms, written from moby/buildkit dockerfile2llb/convert.go', () => {
  // commitToHistory: "RUN " + runCommandString (|n K=V … then the shell words) + " # buildkit";
  // COPY/ADD print their sources and destination only; WORKDIR the normalised path; ENV "ENV K=V".
  const plan = planDockerfile(
    [
      'ARG GO=golang:1.22',
      'FROM --platform=$BUILDPLATFORM ${GO} AS build',
      'ARG TARGETARCH',
      'WORKDIR /src',
      'COPY go.mod ./',
      'RUN --mount=type=cache,target=/root/.cache/go-build GOARCH=$TARGETARCH go build -o /out/x .',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /out/x /x',
      'USER nonroot:nonroot',
      'ENTRYPOINT ["/x"]'
    ].join('\n'),
    { file: 'Dockerfile' }
  )
  test('final image: distroless base entries, then COPY --from, USER, ENTRYPOINT', () => {
    const history = [
      { created_by: 'bazel build ...' },
      { created_by: 'bazel build ...' },
      bk('COPY /out/x /x # buildkit'),
      bk('USER nonroot:nonroot', true),
      bk('ENTRYPOINT ["/x"]', true)
    ]
    const layers = attributeLayers(plan, history, fakeDiffIds(3))
    assert.deepEqual(lines(layers), [undefined, undefined, 8])
    assert.deepEqual(layers[2]?.copiesFrom, ['build'])
  })
  test('build stage: ARG, WORKDIR, COPY, RUN with build-arg prefix', () => {
    const history = [
      { created_by: '/bin/sh -c #(nop)  CMD ["bash"]', empty_layer: true },
      bk('ARG TARGETARCH=amd64', true),
      bk('WORKDIR /src'),
      bk('COPY go.mod ./ # buildkit'),
      bk('RUN |1 TARGETARCH=amd64 /bin/sh -c GOARCH=$TARGETARCH go build -o /out/x . # buildkit')
    ]
    assert.deepEqual(lines(attributeHistory(plan, history, 'build')), [undefined, 3, 4, 5, 6])
  })
})

describe('historyKeyword', () => {
  const cases: [HistoryEntry, string | undefined][] = [
    [classic('/bin/sh -c #(nop)  ENV A=b'), 'ENV'],
    [classic('/bin/sh -c #(nop) COPY file:abc in /dst '), 'COPY'],
    [classic('/bin/bash -o pipefail -c #(nop) WORKDIR /src'), 'WORKDIR'],
    [classic('|2 A=1 B=2 /bin/sh -c make'), 'RUN'],
    [classic('/bin/sh -c echo hi'), 'RUN'],
    [classic('/usr/bin/env echo exec form'), 'RUN'],
    [bk('RUN /bin/sh -c go build # buildkit'), 'RUN'],
    [bk('EXPOSE map[8080/tcp:{}]'), 'EXPOSE'],
    [bk('ADD https://x/y /y # buildkit'), 'ADD'],
    [IMPORTED, undefined]
  ]
  for (const [entry, keyword] of cases) {
    test(`${entry.created_by ?? '(none)'} → ${keyword}`, () => {
      assert.equal(historyKeyword(entry), keyword)
    })
  }
})

describe('historyToLayers (moby daemon/images/image_history.go)', () => {
  test('the k-th non-empty entry takes diff_ids[k]', () => {
    const pairs = historyToLayers(HISTORY_1_CLASSIC, fakeDiffIds(6))
    assert.equal(pairs.length, HISTORY_1_CLASSIC.length)
    assert.deepEqual(
      pairs.filter(p => p.layerIndex !== undefined).map(p => [p.historyIndex, p.layerIndex]),
      [
        [0, 0],
        [4, 1],
        [5, 2],
        [6, 3],
        [9, 4],
        [10, 5]
      ]
    )
    assert.equal(pairs[1]?.createdBy, '/bin/sh -c #(nop)  ARG FOO=1')
    assert.equal(pairs[0]?.createdBy, '')
  })

  test('per-layer helpers', () => {
    const created = createdByPerLayer(HISTORY_1_BUILDKIT, fakeDiffIds(7))
    assert.deepEqual(created, [
      '',
      'WORKDIR /src',
      'COPY a.txt /src/ # buildkit',
      'RUN |2 FOO=1 BAR= /bin/sh -c echo $FOO > /foo.txt # buildkit',
      'COPY /out /out # buildkit',
      'COPY /d /dd # buildkit',
      'RUN |1 FOO=2 /bin/sh -c echo $FOO # buildkit'
    ])
    assert.deepEqual(
      historyIndexPerLayer(HISTORY_1_BUILDKIT, fakeDiffIds(7)),
      [0, 4, 5, 6, 9, 10, 11]
    )
  })

  test('counts that disagree are an error, either way', () => {
    assert.throws(
      () => historyToLayers(HISTORY_1_CLASSIC, fakeDiffIds(5)),
      /history has 6 non-empty entries but rootfs\.diff_ids lists 5 layers/
    )
    assert.throws(
      () => historyToLayers(HISTORY_1_CLASSIC, fakeDiffIds(7)),
      /history has 6 non-empty entries but rootfs\.diff_ids lists 7 layers/
    )
  })

  test('no history: nothing to pair', () => {
    assert.deepEqual(historyToLayers([], fakeDiffIds(3)), [])
    assert.deepEqual(createdByPerLayer([], fakeDiffIds(2)), ['', ''])
  })
})
