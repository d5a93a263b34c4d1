/**
 * Pure parts of `src/engine/`: the build-path decision from probe results, the build argument
 * lists (buildx included: no buildx plugin exists on this machine, so its path is covered here
 * only), the build-log reader, and the parsers of CLI output.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  BakeLogReader,
  bakeArgs,
  bakeBuild,
  bakeOverrides,
  describeBakeTarget
} from '../../src/engine/bake-build.ts'
import type { BakeBuildTarget } from '../../src/engine/bake-build.ts'
import { BuildLogWatcher, stageOfLabel, stageRef } from '../../src/engine/build-log.ts'
import {
  BuildError,
  buildArgs,
  buildEnv,
  checkPlatformBuild,
  exportsOci
} from '../../src/engine/build.ts'
import type { BuildRequest } from '../../src/engine/build.ts'
import {
  compareVersions,
  decideEngine,
  parseBuildKitEnv,
  parseBuildxInspect,
  parseBuildxVersion,
  parseInfo,
  parseVersion
} from '../../src/engine/detect.ts'
import type { Engine, EngineProbe } from '../../src/engine/detect.ts'
import { LineSplitter } from '../../src/engine/docker-cli.ts'
import { parseImageInspect } from '../../src/engine/inspect.ts'
import { silentLog } from '../../src/log.ts'
import type { EngineKind } from '../../src/model.ts'

const base: EngineProbe = {
  docker: 'docker',
  serverVersion: '20.10.24+dfsg1',
  osType: 'linux',
  clientVersion: '20.10.24+dfsg1',
  cliBuildKit: true
}

describe('decideEngine', () => {
  const cases: {
    name: string
    probe: Partial<EngineProbe>
    kind: EngineKind
    env: Record<string, string>
    reason: RegExp
  }[] = [
    {
      name: 'buildx with the docker driver',
      probe: { buildx: { version: '0.11.2', builder: 'default', driver: 'docker' } },
      kind: 'buildx',
      env: {},
      reason: /buildx 0\.11\.2.*"default".*docker driver/
    },
    {
      name: 'buildx with a docker-container driver, CLI without BuildKit',
      probe: {
        clientVersion: '28.2.2',
        cliBuildKit: false,
        buildx: { version: '0.24.0', builder: 'ci', driver: 'docker-container' }
      },
      kind: 'buildx',
      env: {},
      reason: /docker-container/
    },
    {
      name: 'buildx whose inspect failed (driver unknown)',
      probe: { buildx: {} },
      kind: 'buildx',
      env: {},
      reason: /version unknown/
    },
    {
      name: 'DOCKER_BUILDKIT=1 with buildx still uses buildx',
      probe: { envBuildKit: '1', buildx: { version: '0.12.1', driver: 'docker' } },
      kind: 'buildx',
      env: {},
      reason: /buildx/
    },
    {
      name: '20.10 CLI, no buildx (the /usr/bin/docker path here)',
      probe: {},
      kind: 'buildkit',
      env: { DOCKER_BUILDKIT: '1' },
      reason: /supports BuildKit/
    },
    {
      name: 'v28 CLI without buildx (the /usr/local/bin/docker path here)',
      probe: { clientVersion: '28.2.2', cliBuildKit: false },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /no buildx plugin.*28\.2\.2/
    },
    {
      name: 'DOCKER_BUILDKIT=0 beats buildx',
      probe: { envBuildKit: '0', buildx: { version: '0.11.2', driver: 'docker' } },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /DOCKER_BUILDKIT=0/
    },
    {
      name: 'DOCKER_BUILDKIT=false beats BuildKit',
      probe: { envBuildKit: 'false' },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /asks for the classic builder/
    },
    {
      name: 'empty DOCKER_BUILDKIT counts as unset',
      probe: { envBuildKit: '' },
      kind: 'buildkit',
      env: { DOCKER_BUILDKIT: '1' },
      reason: /BuildKit/
    },
    {
      name: 'DOCKER_BUILDKIT=1 that the CLI cannot honour',
      probe: { envBuildKit: '1', clientVersion: '28.2.2', cliBuildKit: false },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /^DOCKER_BUILDKIT=1 is set but cannot be honoured/
    },
    {
      name: 'server 18.06 predates BuildKit',
      probe: { serverVersion: '18.06.3-ce' },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /18\.06\.3-ce is older than 18\.09/
    },
    {
      name: 'server exactly 18.09',
      probe: { serverVersion: '18.09.0' },
      kind: 'buildkit',
      env: { DOCKER_BUILDKIT: '1' },
      reason: /BuildKit/
    },
    {
      name: 'a non-Docker server version (Podman 4.9.3)',
      probe: { serverVersion: '4.9.3' },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /not a Docker version/
    },
    {
      name: 'unparsable server version',
      probe: { serverVersion: 'dev' },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /older than/
    },
    {
      name: 'Windows daemon without buildx',
      probe: { osType: 'windows', serverVersion: '24.0.7' },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /Windows containers/
    },
    {
      name: 'buildx docker driver on a pre-BuildKit daemon',
      probe: { serverVersion: '18.03.1-ce', buildx: { version: '0.10.0', driver: 'docker' } },
      kind: 'classic',
      env: { DOCKER_BUILDKIT: '0' },
      reason: /older than 18\.09/
    },
    {
      name: 'buildx docker-container driver on a pre-BuildKit daemon',
      probe: {
        serverVersion: '18.03.1-ce',
        buildx: { version: '0.10.0', driver: 'docker-container' }
      },
      kind: 'buildx',
      env: {},
      reason: /docker-container/
    }
  ]
  for (const c of cases) {
    test(c.name, () => {
      const engine = decideEngine({ ...base, ...c.probe })
      assert.equal(engine.kind, c.kind)
      assert.deepEqual(engine.env, c.env)
      assert.match(engine.reason, c.reason)
      assert.equal(engine.docker, 'docker')
      assert.equal(engine.serverVersion, c.probe.serverVersion ?? base.serverVersion)
    })
  }

  test('buildx fields are recorded', () => {
    const engine = decideEngine({
      ...base,
      buildx: { version: '0.11.2', builder: 'ci', driver: 'kubernetes' }
    })
    assert.equal(engine.builder, 'ci')
    assert.equal(engine.builderDriver, 'kubernetes')
    assert.equal(engine.buildxVersion, '0.11.2')
  })

  test('non-buildx engines carry no builder', () => {
    const engine = decideEngine(base)
    assert.equal(engine.builder, undefined)
    assert.equal(engine.builderDriver, undefined)
  })

  test('a DOCKER_BUILDKIT that is not a boolean is an error naming it', () => {
    assert.throws(
      () => decideEngine({ ...base, envBuildKit: 'yes' }),
      /DOCKER_BUILDKIT="yes".*1, 0, true or false/
    )
  })
})

describe('parseBuildKitEnv', () => {
  const table: [string | undefined, boolean | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['1', true],
    ['true', true],
    ['TRUE', true],
    ['t', true],
    ['0', false],
    ['False', false],
    ['f', false]
  ]
  for (const [input, expected] of table) {
    test(`${JSON.stringify(input)} → ${expected}`, () => {
      assert.equal(parseBuildKitEnv(input), expected)
    })
  }
  for (const bad of ['2', 'on', 'off', 'yes', ' 1']) {
    test(`${JSON.stringify(bad)} is refused`, () => {
      assert.throws(() => parseBuildKitEnv(bad), /DOCKER_BUILDKIT/)
    })
  }
})

describe('versions', () => {
  const parsed: [string, number[] | undefined][] = [
    ['20.10.24+dfsg1', [20, 10, 24]],
    ['28.2.2', [28, 2, 2]],
    ['v0.10.4', [0, 10, 4]],
    ['18.09', [18, 9, 0]],
    ['18.06.3-ce', [18, 6, 3]],
    ['dev', undefined],
    ['', undefined]
  ]
  for (const [text, expected] of parsed) {
    test(`parseVersion(${JSON.stringify(text)})`, () =>
      assert.deepEqual(parseVersion(text), expected))
  }
  test('compareVersions orders numerically, not as text', () => {
    assert.ok(compareVersions([18, 9, 0], [18, 10, 0]) < 0)
    assert.ok(compareVersions([20, 10, 24], [18, 9]) > 0)
    assert.equal(compareVersions([18, 9], [18, 9, 0]), 0)
  })
  const buildx: [string, string | undefined][] = [
    ['github.com/docker/buildx v0.11.2 9872040', '0.11.2'],
    ['github.com/docker/buildx 0.10.4+dfsg1 0.10.4+dfsg1-1', '0.10.4+dfsg1'],
    ['github.com/docker/buildx v0.24.0-desktop.1 abcdef', '0.24.0-desktop.1'],
    ['nothing here', undefined]
  ]
  for (const [text, expected] of buildx) {
    test(`parseBuildxVersion(${JSON.stringify(text)})`, () =>
      assert.equal(parseBuildxVersion(text), expected))
  }
})

describe('parseInfo', () => {
  test('a daemon that answers', () => {
    assert.deepEqual(parseInfo('{"ServerVersion":"20.10.24+dfsg1","OSType":"linux","ID":"x"}'), {
      serverVersion: '20.10.24+dfsg1',
      osType: 'linux',
      serverErrors: [],
      id: 'x'
    })
  })
  test('20.10 CLI, daemon down: exit 0 with ServerErrors', () => {
    const out =
      '{"ServerErrors":["Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?"],' +
      '"ClientInfo":{"Debug":false}}'
    const info = parseInfo(out)
    assert.equal(info.serverVersion, '')
    assert.deepEqual(info.serverErrors, [
      'Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?'
    ])
  })
  test('not JSON', () => {
    assert.deepEqual(parseInfo('template: nil pointer'), {
      serverVersion: '',
      osType: '',
      serverErrors: []
    })
  })
})

describe('parseBuildxInspect', () => {
  test('old layout: builder name and driver, node names ignored', () => {
    const text = [
      'Name:   default',
      'Driver: docker',
      '',
      'Nodes:',
      'Name:      node-0',
      'Endpoint:  default',
      'Status:    running'
    ].join('\n')
    assert.deepEqual(parseBuildxInspect(text), { builder: 'default', driver: 'docker' })
  })
  test('new layout with extra fields', () => {
    const text = [
      'Name:          ci-builder',
      'Driver:        docker-container',
      'Last Activity: 2024-01-01 00:00:00 +0000 UTC',
      '',
      'Nodes:',
      'Name:      ci-builder0'
    ].join('\n')
    assert.deepEqual(parseBuildxInspect(text), {
      builder: 'ci-builder',
      driver: 'docker-container'
    })
  })
  test('unrecognised text yields nothing', () => {
    assert.deepEqual(parseBuildxInspect('ERROR: no builder'), {})
  })
})

function engine(kind: EngineKind, extra: Partial<Engine> = {}): Engine {
  return { kind, docker: 'docker', env: {}, serverVersion: '20.10.24', reason: 'test', ...extra }
}

const req: BuildRequest = {
  context: 'examples/go-web',
  file: 'examples/go-web/Dockerfile',
  target: 'final',
  buildArgs: { GO_IMAGE: 'isb-local/golang:1.19', EMPTY: '', SPACED: 'a b=c' },
  tag: 'isb/final:1',
  stageLabel: 'final'
}
const tail = [
  '-t',
  'isb/final:1',
  '-f',
  'examples/go-web/Dockerfile',
  '--target',
  'final',
  '--build-arg',
  'GO_IMAGE=isb-local/golang:1.19',
  '--build-arg',
  'EMPTY=',
  '--build-arg',
  'SPACED=a b=c',
  'examples/go-web'
]

describe('buildArgs', () => {
  const cases: { name: string; engine: Engine; req?: Partial<BuildRequest>; expected: string[] }[] =
    [
      {
        name: 'buildx (recent): --load, plain progress, provenance off',
        engine: engine('buildx', { buildxVersion: '0.11.2', builderDriver: 'docker-container' }),
        expected: ['buildx', 'build', '--load', '--progress=plain', '--provenance=false', ...tail]
      },
      {
        name: 'buildx with a named builder pins it with --builder',
        engine: engine('buildx', {
          buildxVersion: '0.13.1',
          builder: 'ci',
          builderDriver: 'remote'
        }),
        expected: [
          'buildx',
          'build',
          '--builder',
          'ci',
          '--load',
          '--progress=plain',
          '--provenance=false',
          ...tail
        ]
      },
      {
        name: 'buildx 0.10.0 knows --provenance',
        engine: engine('buildx', { buildxVersion: '0.10.0' }),
        expected: ['buildx', 'build', '--load', '--progress=plain', '--provenance=false', ...tail]
      },
      {
        name: 'buildx 0.9.1 predates --provenance',
        engine: engine('buildx', { buildxVersion: '0.9.1' }),
        expected: ['buildx', 'build', '--load', '--progress=plain', ...tail]
      },
      {
        name: 'buildx of unknown version: provenance off',
        engine: engine('buildx'),
        expected: ['buildx', 'build', '--load', '--progress=plain', '--provenance=false', ...tail]
      },
      {
        name: 'buildkit: docker build with plain progress',
        engine: engine('buildkit', { env: { DOCKER_BUILDKIT: '1' } }),
        expected: ['build', '--progress=plain', ...tail]
      },
      {
        name: 'classic: docker build --force-rm',
        engine: engine('classic', { env: { DOCKER_BUILDKIT: '0' } }),
        expected: ['build', '--force-rm', ...tail]
      },
      {
        name: 'no target, no build args',
        engine: engine('classic'),
        req: { target: undefined, buildArgs: {} },
        expected: [
          'build',
          '--force-rm',
          '-t',
          'isb/final:1',
          '-f',
          'examples/go-web/Dockerfile',
          'examples/go-web'
        ]
      },
      {
        name: 'paths starting with "-" cannot pass for flags or stdin',
        engine: engine('buildkit'),
        req: { context: '-', file: '-f', target: undefined, buildArgs: {} },
        expected: ['build', '--progress=plain', '-t', 'isb/final:1', '-f', './-f', './-']
      }
    ]
  for (const c of cases) {
    test(c.name, () => {
      const r = { ...req, ...c.req }
      if (c.req && 'target' in c.req && c.req.target === undefined) delete r.target
      assert.deepEqual(buildArgs(c.engine, r), c.expected)
    })
  }

  const bad: { name: string; req: Partial<BuildRequest>; error: RegExp }[] = [
    { name: 'empty context', req: { context: '' }, error: /build context is empty/ },
    { name: 'empty file', req: { file: '' }, error: /Dockerfile path is empty/ },
    { name: 'tag with a space', req: { tag: 'a b' }, error: /image tag "a b" is not valid/ },
    { name: 'tag that looks like a flag', req: { tag: '--push' }, error: /image tag "--push"/ },
    { name: 'empty target', req: { target: '' }, error: /build target "" is not valid/ },
    {
      name: 'build-arg name with =',
      req: { buildArgs: { 'A=B': 'c' } },
      error: /build-arg name "A=B"/
    },
    { name: 'empty build-arg name', req: { buildArgs: { '': 'x' } }, error: /build-arg name ""/ }
  ]
  for (const c of bad) {
    test(`refuses ${c.name}`, () => {
      assert.throws(() => buildArgs(engine('buildkit'), { ...req, ...c.req }), c.error)
    })
  }
})

describe('buildArgs with a platform', () => {
  const withPlatform = { ...req, platform: 'linux/arm64' }
  const platformTail = [...tail.slice(0, 6), '--platform', 'linux/arm64', ...tail.slice(6)]
  test('buildx: --platform after --target', () => {
    assert.deepEqual(buildArgs(engine('buildx', { buildxVersion: '0.13.1' }), withPlatform), [
      'buildx',
      'build',
      '--load',
      '--progress=plain',
      '--provenance=false',
      ...platformTail
    ])
  })
  test('buildkit: docker build --platform', () => {
    assert.deepEqual(buildArgs(engine('buildkit'), withPlatform), [
      'build',
      '--progress=plain',
      ...platformTail
    ])
  })
  test('a variant is passed as written', () => {
    const args = buildArgs(engine('buildkit'), { ...req, platform: 'linux/arm/v7' })
    assert.equal(args[args.indexOf('--platform') + 1], 'linux/arm/v7')
  })
  test('classic builder: refused, naming platforms, the engine and the fix', () => {
    const classic = engine('classic', { reason: 'DOCKER_BUILDKIT=0 in the environment' })
    for (const run of [
      () => buildArgs(classic, withPlatform),
      () => checkPlatformBuild(classic, 'linux/arm64')
    ]) {
      assert.throws(run, (error: Error) => {
        assert.match(error.message, /^platforms: building for linux\/arm64 needs BuildKit/)
        assert.match(error.message, /DOCKER_BUILDKIT=0 in the environment/)
        assert.match(error.message, /install buildx/)
        return true
      })
    }
    // No platform: the classic builder builds as before.
    assert.doesNotThrow(() => checkPlatformBuild(classic, undefined))
  })
  for (const bad of ['linux', 'linux/', 'a/b/c/d', '']) {
    test(`refuses platform ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => buildArgs(engine('buildkit'), { ...req, platform: bad }),
        /is not a platform; expected OS\/ARCH\[\/VARIANT\]/
      )
    })
  }
})

describe('buildEnv', () => {
  test('pins DOCKER_BUILDKIT for docker build, leaves buildx alone', () => {
    assert.deepEqual(buildEnv(engine('buildkit')), { DOCKER_BUILDKIT: '1' })
    assert.deepEqual(buildEnv(engine('classic', { env: { X: 'y' } })), {
      X: 'y',
      DOCKER_BUILDKIT: '0'
    })
    assert.deepEqual(buildEnv(engine('buildx')), {})
  })
})

describe('build log', () => {
  test('stage names as the log prints them → model stage refs', () => {
    assert.equal(stageRef('stage-2'), '2')
    assert.equal(stageRef('Builder'), 'builder')
    assert.equal(stageOfLabel('builder 2/3'), 'builder')
    assert.equal(stageOfLabel('linux/amd64 build 1/4'), 'build')
    assert.equal(stageOfLabel('stage-1 1/2'), '1')
    assert.equal(stageOfLabel('1/2'), undefined)
    assert.equal(stageOfLabel('linux/amd64 1/2'), undefined)
    assert.equal(stageOfLabel('internal'), undefined)
  })

  // Shapes as printed by BuildKit 0.8 in dockerd 20.10 (`docker build --progress=plain`).
  test('BuildKit: the failing vertex names the stage; CACHED counted; tail bounded', () => {
    const w = new BuildLogWatcher(5)
    const log = [
      '#4 [builder 1/3] FROM docker.io/isb-local/busybox:latest',
      '#4 CACHED',
      '#5 [stage-1 1/1] COPY a /a',
      '#5 CACHED',
      '#6 [builder 3/3] RUN echo boom && exit 3',
      '#6 sha256:ee3cfb2bae848b08de9bd1406e75017d117fcf0d3564b19a6e19efe854bf8f9c',
      '',
      '#6 0.481 boom',
      '#6 ERROR: executor failed running [/bin/sh -c echo boom && exit 3]: exit code: 3'
    ]
    for (const l of log) w.push(l)
    assert.equal(w.failedStage(), 'builder')
    assert.equal(w.cachedSteps, 2)
    // Blank and vertex-digest lines never take a place in the tail.
    assert.deepEqual(w.lines(), [log[2], log[3], log[4], log[7], log[8]])
  })

  test('BuildKit: the error summary block names the stage (buildx format)', () => {
    const w = new BuildLogWatcher()
    for (const l of [
      '#7 [stage-1 2/2] RUN false',
      '#7 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
      '------',
      ' > [stage-1 2/2] RUN false:',
      '------',
      'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'
    ])
      w.push(l)
    assert.equal(w.failedStage(), '1')
  })

  test('BuildKit single-stage build: no stage in the log', () => {
    const w = new BuildLogWatcher()
    for (const l of ['#5 [2/2] RUN false', '#5 ERROR: exit code: 1', ' > [2/2] RUN false:'])
      w.push(l)
    assert.equal(w.failedStage(), undefined)
  })

  test('classic: the stage of the last FROM step; Using cache counted', () => {
    const w = new BuildLogWatcher()
    for (const l of [
      'Step 1/7 : ARG BASE=isb-local/busybox:latest',
      'Step 2/7 : FROM $BASE',
      ' ---> d8476414ddcc',
      'Step 3/7 : RUN true',
      ' ---> Using cache',
      'Step 4/7 : from $BASE as Build',
      'Step 5/7 : RUN echo out && exit 3',
      ' ---> Running in 7c982279abe1',
      'out'
    ])
      w.push(l)
    assert.equal(w.failedStage(), 'build')
    assert.equal(w.cachedSteps, 1)
  })

  test('classic: unnamed stages by index', () => {
    const w = new BuildLogWatcher()
    for (const l of [
      'Step 1/4 : FROM a AS x',
      'Step 2/4 : FROM b',
      'Step 3/4 : FROM c',
      'Step 4/4 : RUN false'
    ])
      w.push(l)
    assert.equal(w.failedStage(), '2')
  })

  test('BuildError names the stage and shows the tail', () => {
    const e = new BuildError({
      stage: 'builder',
      label: 'final',
      exitCode: 3,
      logTail: ['a', 'boom']
    })
    assert.equal(e.name, 'BuildError')
    assert.match(e.message, /^Build of final failed in stage "builder" \(exit code 3\)/)
    assert.match(e.message, /Last 2 lines of the build log:\n {2}a\n {2}boom$/)
    assert.equal(e.stage, 'builder')
    assert.equal(e.exitCode, 3)
    assert.deepEqual(e.logTail, ['a', 'boom'])
    assert.ok(e instanceof Error)
  })
})

describe('LineSplitter', () => {
  test('splits across chunks, keeps a last line without newline until flush', () => {
    const lines: string[] = []
    const s = new LineSplitter(l => lines.push(l))
    s.push('one\ntw')
    s.push(Buffer.from('o\r\nthree\rfour'))
    assert.deepEqual(lines, ['one', 'two', 'three'])
    s.flush()
    assert.deepEqual(lines, ['one', 'two', 'three', 'four'])
    s.flush()
    assert.equal(lines.length, 4)
  })
  test('a \\r\\n split across chunks is one line end; UTF-8 split across chunks stays whole', () => {
    const lines: string[] = []
    const s = new LineSplitter(l => lines.push(l))
    const euro = Buffer.from('€') // 3 bytes
    s.push(Buffer.concat([Buffer.from('a\r')]))
    s.push(Buffer.concat([Buffer.from('\nb'), euro.subarray(0, 1)]))
    s.push(Buffer.concat([euro.subarray(1), Buffer.from('\r')]))
    s.flush()
    assert.deepEqual(lines, ['a', 'b€'])
  })
})

describe('parseImageInspect', () => {
  const raw = {
    Id: 'sha256:' + 'a'.repeat(64),
    RepoTags: ['x:1', 'x:latest'],
    Created: '2024-05-01T10:00:00Z',
    Os: 'linux',
    Architecture: 'arm',
    Variant: 'v7',
    Size: 5000000,
    RootFS: { Type: 'layers', Layers: ['sha256:' + 'b'.repeat(64)] }
  }
  test('reads the fields', () => {
    assert.deepEqual(parseImageInspect(raw, 'x:1'), {
      id: raw.Id,
      size: 5000000,
      diffIds: raw.RootFS.Layers,
      os: 'linux',
      architecture: 'arm',
      variant: 'v7',
      platform: 'linux/arm/v7',
      repoTags: ['x:1', 'x:latest'],
      created: '2024-05-01T10:00:00Z'
    })
  })
  test('no variant, null tags, no layers', () => {
    const r = parseImageInspect(
      { ...raw, Variant: '', RepoTags: null, RootFS: {}, Architecture: 'amd64' },
      'y'
    )
    assert.equal(r.variant, undefined)
    assert.equal(r.platform, 'linux/amd64')
    assert.deepEqual(r.repoTags, [])
    assert.deepEqual(r.diffIds, [])
  })
  for (const [field, value] of [
    ['Id', 'abc'],
    ['Size', -1],
    ['Size', '12'],
    ['Os', ''],
    ['Architecture', undefined]
  ] as const) {
    test(`bad ${field} ${JSON.stringify(value)} is an error naming the ref`, () => {
      assert.throws(
        () => parseImageInspect({ ...raw, [field]: value }, 'x:1'),
        new RegExp(`"x:1".*${field}`)
      )
    })
  }
})

describe('bake builds (src/engine/bake-build.ts)', () => {
  const targets = [
    { name: 'app', tag: 'isb/app:amd64', platform: 'linux/amd64' },
    { name: 'app', tag: 'isb/build:arm64', target: 'build', platform: 'linux/arm64' },
    { name: 'worker', tag: 'isb/worker:1' }
  ]

  test('one subject per override target, inheriting the bake target', () => {
    assert.deepEqual(bakeOverrides(targets), {
      target: {
        'image-size-budget_0': {
          inherits: ['app'],
          tags: ['isb/app:amd64'],
          output: ['type=docker'],
          platforms: ['linux/amd64']
        },
        'image-size-budget_1': {
          inherits: ['app'],
          tags: ['isb/build:arm64'],
          output: ['type=docker'],
          target: 'build',
          platforms: ['linux/arm64']
        },
        'image-size-budget_2': {
          inherits: ['worker'],
          tags: ['isb/worker:1'],
          output: ['type=docker']
        }
      }
    })
  })

  test("a Dockerfile override (an unnamed stage named in a copy) replaces the target's", () => {
    const copy = {
      name: 'u',
      tag: 'isb/u:0',
      target: 'isb-stage-0',
      dockerfile: '/tmp/x/Dockerfile'
    }
    assert.deepEqual(bakeOverrides([copy]).target['image-size-budget_0'], {
      inherits: ['u'],
      tags: ['isb/u:0'],
      output: ['type=docker'],
      target: 'isb-stage-0',
      dockerfile: '/tmp/x/Dockerfile'
    })
  })

  test('argument array: builder pinned, attestations off, user files then overrides', () => {
    const opts = {
      files: ['docker-bake.hcl', '-odd.json'],
      overrides: '/t/o.json',
      metadataFile: '/t/m.json',
      count: 2
    }
    assert.deepEqual(bakeArgs({ builder: 'ci', buildxVersion: '0.13.1' }, opts), [
      'buildx',
      'bake',
      '--builder',
      'ci',
      '--progress=plain',
      '--provenance=false',
      '--sbom=false',
      '--metadata-file',
      '/t/m.json',
      '-f',
      'docker-bake.hcl',
      '-f',
      './-odd.json',
      '-f',
      '/t/o.json',
      '--',
      'image-size-budget_0',
      'image-size-budget_1'
    ])
    assert.ok(!bakeArgs({ buildxVersion: '0.9.1' }, opts).includes('--provenance=false'))
  })

  test('bad requests are refused before anything runs, naming the bake file and target', async () => {
    const bx = engine('buildx', { buildxVersion: '0.13.1' })
    const cases: [Engine, BakeBuildTarget[], string[], RegExp][] = [
      [bx, targets, [], /bake: no bake file given/],
      [bx, [], ['b.hcl'], /bake b\.hcl: no target to build/],
      [bx, [{ name: '-x', tag: 'a:b' }], ['b.hcl'], /target "-x" is not a bake target name/],
      [bx, [{ name: 'a', tag: 'a b' }], ['b.hcl'], /target "a": image tag "a b" is not valid/],
      [
        bx,
        [
          { name: 'a', tag: 't:1' },
          { name: 'b', tag: 't:1' }
        ],
        ['b.hcl'],
        /target "b": the tag t:1 is given to two subjects/
      ],
      [
        bx,
        [{ name: 'a', tag: 't:1', dockerfile: 'rel/Dockerfile' }],
        ['b.hcl'],
        /target "a": the Dockerfile "rel\/Dockerfile" must be an absolute path/
      ],
      [
        bx,
        [{ name: 'a', tag: 't:1', platform: 'arm64' }],
        ['b.hcl'],
        /target "a": platform: "arm64" is not a platform/
      ],
      [
        engine('buildkit', { reason: 'no buildx plugin' }),
        targets,
        ['b.hcl'],
        /bake b\.hcl: docker buildx bake needs the buildx plugin.*no buildx plugin/
      ]
    ]
    for (const [e, t, files, error] of cases) {
      await assert.rejects(bakeBuild(e, { files, targets: t, log: silentLog }), error)
    }
  })

  test('the log reader: failing subject, its stage and step, across interleaved targets', () => {
    const reader = new BakeLogReader(2)
    for (const line of [
      '#1 [internal] load local bake definitions',
      '#7 [image-size-budget_0 build 1/2] COPY a.bin /a.bin',
      '#7 CACHED',
      '#9 [image-size-budget_0] exporting to image',
      '#9 [image-size-budget_1] exporting to image',
      '#12 [image-size-budget_1 build 1/2] COPY common.bin /common.bin',
      '#12 CACHED',
      '#13 [image-size-budget_1 build 2/2] COPY missing.bin /missing.bin',
      '#13 ERROR: "/missing.bin" not found: not found',
      '------',
      ' > [image-size-budget_1 build 2/2] COPY missing.bin /missing.bin:',
      '------',
      'ERROR: failed to solve: failed to compute cache key: "/missing.bin" not found: not found'
    ]) {
      reader.push(line)
    }
    assert.equal(reader.failedSubject(), 1)
    const failure = reader.failure(1)
    assert.equal(failure.stage, 'build')
    assert.deepEqual(failure.step?.buildkit, {
      stage: 'build',
      step: 2,
      total: 2,
      text: 'COPY missing.bin /missing.bin'
    })
    assert.equal(reader.failure(0).stage, undefined)
    assert.equal(reader.all.cachedSteps, 2)
    // A single-stage Dockerfile: no stage, and the target is not read as one.
    const single = new BakeLogReader(1)
    single.push('#5 [image-size-budget_0 2/2] RUN false')
    single.push('#5 ERROR: process "/bin/sh -c false" did not complete successfully')
    assert.equal(single.failedSubject(), 0)
    assert.equal(single.failure(0).stage, undefined)
    assert.equal(single.failure(0).step?.buildkit?.step, 2)
    // Newer buildx names the target in its error line.
    const named = new BakeLogReader(3)
    named.push('ERROR: target image-size-budget_2: failed to solve: boom')
    assert.equal(named.failedSubject(), 2)
  })

  test('describeBakeTarget names the target, stage, platform and files', () => {
    assert.equal(
      describeBakeTarget(targets[1]!, ['a.hcl', 'b.json']),
      'bake target "app" (stage "build", linux/arm64) of a.hcl, b.json'
    )
    assert.equal(describeBakeTarget(targets[2]!, ['a.hcl']), 'bake target "worker" of a.hcl')
  })
})

describe('OCI export beside --load (builders with a store of their own)', () => {
  const remote: Engine = {
    kind: 'buildx',
    docker: 'docker',
    env: {},
    serverVersion: '26.1.5',
    builder: 'isb-remote',
    builderDriver: 'remote',
    buildxVersion: '0.13.1+ds1',
    buildkitVersion: 'v0.13.0+docker.io-26.1.5-dfsg1-9-deb13u1',
    reason: ''
  }
  const req: BuildRequest = {
    context: 'ctx',
    file: 'ctx/Dockerfile',
    buildArgs: {},
    tag: 't:1',
    stageLabel: 'final',
    ociDest: '/tmp/isb-oci-x/image.tar'
  }
  test('remote, docker-container, kubernetes with buildx and BuildKit 0.13+: yes', () => {
    for (const driver of ['remote', 'docker-container', 'kubernetes']) {
      assert.equal(exportsOci({ ...remote, builderDriver: driver }), true)
    }
    const args = buildArgs(remote, req)
    assert.deepEqual(args.slice(0, 8), [
      'buildx',
      'build',
      '--builder',
      'isb-remote',
      '--load',
      '--progress=plain',
      '--output',
      'type=oci,dest=/tmp/isb-oci-x/image.tar'
    ])
  })
  test('a path with a comma or a quote is one quoted CSV field (buildx reads --output as CSV)', () => {
    const args = buildArgs(remote, { ...req, ociDest: '/tmp/a,b"c/image.tar' })
    assert.equal(args[args.indexOf('--output') + 1], 'type=oci,"dest=/tmp/a,b""c/image.tar"')
  })
  test('the docker driver, an older buildx or BuildKit, or an unknown version: no', () => {
    assert.equal(exportsOci({ ...remote, builderDriver: 'docker' }), false)
    assert.equal(exportsOci({ ...remote, buildxVersion: '0.12.1' }), false)
    assert.equal(exportsOci({ ...remote, buildkitVersion: 'v0.12.5' }), false)
    const { buildkitVersion: _unknown, ...noVersion } = remote
    assert.equal(exportsOci(noVersion), false)
    assert.equal(exportsOci({ ...remote, kind: 'buildkit' }), false)
    assert.throws(() => buildArgs({ ...remote, builderDriver: 'docker' }, req), /OCI export/)
  })
  test('parseBuildxInspect reads the BuildKit version of the first node', () => {
    const text = [
      'Name:          isb-remote',
      'Driver:        remote',
      '',
      'Nodes:',
      'Name:             isb-remote0',
      'Endpoint:         unix:///run/isb-engines/buildkitd/buildkitd.sock',
      'Status:           running',
      'BuildKit version: v0.13.0+docker.io-26.1.5-dfsg1-9-deb13u1',
      'Platforms:        linux/amd64'
    ].join('\n')
    assert.deepEqual(parseBuildxInspect(text), {
      builder: 'isb-remote',
      driver: 'remote',
      buildkitVersion: 'v0.13.0+docker.io-26.1.5-dfsg1-9-deb13u1'
    })
  })
})
