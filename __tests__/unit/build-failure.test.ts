/**
 * A failed build, located and reported: the failing step read from real engine logs (captured on
 * this machine's Docker 20.10: classic builder and BuildKit 0.8) and from BuildKit's source
 * snippet (moby/buildkit `solver/errdefs` `Source.Print`: `<name>:<line>`, a rule of 20 dashes,
 * ` 7 | >>> RUN …`), mapped to the Dockerfile line through the plan; the stage labels; the
 * summary's markdown.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { locateBuildError } from '../../src/build-stage.ts'
import { planDockerfile } from '../../src/dockerfile/plan.ts'
import { FailedStepReader, locateFailedStep } from '../../src/engine/build-failure.ts'
import { BuildError, describeStageRef, displayCommand } from '../../src/engine/build.ts'
import {
  plainLogLine,
  renderBuildFailureMarkdown,
  renderBuildFailureText
} from '../../src/report/build-failure.ts'

const DOCKERFILE = [
  'ARG X=1', // 1
  'FROM busybox AS build', // 2
  'ENV A=1', // 3
  'WORKDIR /w', // 4
  'RUN echo hi', // 5
  '', // 6
  'FROM busybox', // 7
  'COPY --from=build /bin/sh /sh', // 8
  'LABEL a=b', // 9
  'RUN echo boom && false', // 10
  'RUN true' // 11
].join('\n')
const plan = planDockerfile(DOCKERFILE, { file: 'app/Dockerfile' })

function read(lines: string[]): ReturnType<FailedStepReader['result']> {
  const reader = new FailedStepReader()
  for (const line of lines) reader.push(line)
  return reader.result()
}

/** The classic builder's log of this Dockerfile (Docker 20.10, `DOCKER_BUILDKIT=0`). */
const CLASSIC_LOG = [
  'Sending build context to Docker daemon  2.048kB',
  'Step 1/10 : ARG X=1',
  'Step 2/10 : FROM busybox AS build',
  ' ---> 8602d0a8b91a',
  'Step 3/10 : ENV A=1',
  ' ---> Using cache',
  'Step 4/10 : WORKDIR /w',
  'Step 5/10 : RUN echo hi',
  ' ---> Running in 1ac372614b84',
  'hi',
  ' ---> b4e4309a4491',
  'Step 6/10 : FROM busybox',
  'Step 7/10 : COPY --from=build /bin/sh /sh',
  'Step 8/10 : LABEL a=b',
  'Step 9/10 : RUN echo boom && false',
  ' ---> Running in 0497a81ae83b',
  'boom',
  'Removing intermediate container 0497a81ae83b',
  "The command '/bin/sh -c echo boom && false' returned a non-zero code: 1"
]

/** BuildKit 0.8 (Docker 20.10, `DOCKER_BUILDKIT=1 --progress=plain`): no source snippet. */
const BUILDKIT_LOG = [
  '#4 [build 1/3] FROM docker.io/library/busybox:latest',
  '#5 [build 2/3] WORKDIR /w',
  '#6 [build 3/3] RUN echo hi',
  '#6 DONE 0.4s',
  '#7 [stage-1 2/4] COPY --from=build /bin/sh /sh',
  '#7 DONE 0.0s',
  '#8 [stage-1 3/4] RUN echo boom && false',
  '#8 0.526 boom',
  '#8 ERROR: executor failed running [/bin/sh -c echo boom && false]: exit code: 1',
  '------',
  ' > [stage-1 3/4] RUN echo boom && false:',
  '------',
  'executor failed running [/bin/sh -c echo boom && false]: exit code: 1'
]

describe('FailedStepReader and locateFailedStep', () => {
  test('classic builder: Step N counts every instruction from the top, meta ARGs too', () => {
    const step = read(CLASSIC_LOG)
    assert.deepEqual(step?.classic, { step: 9, total: 10, text: 'RUN echo boom && false' })
    const found = locateFailedStep(step, plan, '1')
    assert.equal(found.instruction?.keyword, 'RUN')
    assert.deepEqual(found.location, { file: 'app/Dockerfile', line: 10 })
    assert.equal(found.stage, '1')
  })

  test('classic builder with --target: only the stages up to the target count', () => {
    const step = read([
      'Step 1/5 : ARG X=1',
      'Step 2/5 : FROM busybox AS build',
      'Step 3/5 : ENV A=1',
      'Step 4/5 : WORKDIR /w',
      'Step 5/5 : RUN echo hi'
    ])
    assert.deepEqual(locateFailedStep(step, plan, 'build').location, {
      file: 'app/Dockerfile',
      line: 5
    })
    // A step whose keyword is not the instruction's is not trusted.
    const wrong = read(['Step 5/5 : COPY x y'])
    assert.equal(locateFailedStep(wrong, plan, 'build').location, undefined)
  })

  test('BuildKit: the failing vertex names the stage; the step counts FROM, RUN, COPY, ADD, WORKDIR', () => {
    const step = read(BUILDKIT_LOG)
    assert.deepEqual(step?.buildkit, {
      stage: 'stage-1',
      step: 3,
      total: 4,
      text: 'RUN echo boom && false'
    })
    const found = locateFailedStep(step, plan, '1')
    assert.equal(found.stage, '1')
    assert.deepEqual(found.location, { file: 'app/Dockerfile', line: 10 })
    const inBuilder = read(['#6 [build 3/3] RUN echo hi', '#6 ERROR: exit code: 2'])
    assert.deepEqual(locateFailedStep(inBuilder, plan, '1').location, {
      file: 'app/Dockerfile',
      line: 5
    })
  })

  test('BuildKit: a single-stage Dockerfile names no stage ([2/2])', () => {
    const single = planDockerfile('FROM busybox\nENV A=1\nRUN false\n', { file: 'Dockerfile' })
    const step = read(['#5 [2/2] RUN false', '#5 ERROR: executor failed', ' > [2/2] RUN false:'])
    assert.deepEqual(locateFailedStep(step, single, '0'), {
      stage: '0',
      instruction: single.stages[0]!.instructions[1],
      location: { file: 'Dockerfile', line: 3 }
    })
  })

  test('BuildKit ≥ 0.9: the source snippet gives the line', () => {
    const step = read([
      ...BUILDKIT_LOG.slice(0, -1),
      'Dockerfile:10',
      '--------------------',
      '   8 |     COPY --from=build /bin/sh /sh',
      '   9 |     LABEL a=b',
      '  10 | >>> RUN echo boom && false',
      '  11 |     RUN true',
      '--------------------',
      'ERROR: failed to solve: process "/bin/sh -c echo boom && false" did not complete successfully: exit code: 1'
    ])
    assert.deepEqual(step?.source, { name: 'Dockerfile', line: 10 })
    const found = locateFailedStep(step, plan, '1')
    assert.deepEqual(found.location, { file: 'app/Dockerfile', line: 10 })
    assert.equal(found.instruction?.args, 'echo boom && false')
  })

  test('nothing to go by: nothing located', () => {
    assert.equal(read(['error: no such file']), undefined)
    assert.deepEqual(locateFailedStep(undefined, plan, '1'), {})
  })
})

describe('BuildError labels', () => {
  test('an unnamed stage is "stage N" (0-based, BuildKit\'s stage-N), a named one is quoted', () => {
    assert.equal(describeStageRef('1'), 'stage 1')
    assert.equal(describeStageRef('build'), 'stage "build"')
  })

  test('an unnamed final stage whose log names no stage: no nested quotes', () => {
    // Old code: `Build of final stage "1" failed in stage "final stage "1""`.
    const raw = new BuildError({ label: 'final stage 1', exitCode: 1, logTail: ['boom'] })
    const located = locateBuildError(raw, plan, '1')
    assert.match(located.message, /^Build of final stage 1 failed \(exit code 1\)\./)
    assert.doesNotMatch(located.message, /""/)
    assert.equal(located.stage, '1')
  })

  test('the copy name of an unnamed stage (isb-stage-N) maps back to the stage', () => {
    const raw = new BuildError({
      stage: 'isb-stage-0',
      label: 'builder stage 0',
      exitCode: 2,
      logTail: [],
      step: read(['#6 [isb-stage-0 2/2] RUN make', '#6 ERROR: exit code: 2'])
    })
    const unnamed = planDockerfile('FROM busybox\nRUN make\nFROM scratch\nCOPY --from=0 /a /a\n', {
      file: 'Dockerfile'
    })
    const located = locateBuildError(raw, unnamed, '0', 'isb-stage-0')
    assert.equal(located.stage, '0')
    assert.deepEqual(located.location, { file: 'Dockerfile', line: 2 })
    assert.match(
      located.message,
      /^Build of builder stage 0 failed \(exit code 2\)\.\nFailed at Dockerfile:2: RUN make\n/
    )
  })

  test('a failure in another stage names it', () => {
    const raw = new BuildError({
      stage: 'build',
      label: 'final stage 1',
      exitCode: 1,
      logTail: ['x'],
      step: read(['#6 [build 3/3] RUN echo hi', '#6 ERROR: exit code: 1'])
    })
    const located = locateBuildError(raw, plan, '1')
    assert.match(located.message, /^Build of final stage 1 failed in stage "build" \(exit code 1\)/)
    assert.match(located.message, /Failed at app\/Dockerfile:5: RUN echo hi/)
  })
})

describe('build failure summary', () => {
  const error = locateBuildError(
    new BuildError({
      stage: 'build',
      label: 'final stage 1',
      exitCode: 1,
      logTail: [
        '#6 [build 3/3] RUN echo hi',
        '\u001b[31mred ```fence``` and @someone <b>bold</b>\u001b[0m',
        '#6 ERROR: exit code: 1'
      ],
      step: read(['#6 [build 3/3] RUN echo hi', '#6 ERROR: exit code: 1'])
    }),
    plan,
    '1'
  )

  test('names the stage, the line and shows the escaped tail in a code block', () => {
    const md = renderBuildFailureMarkdown(error)
    assert.match(md, /^### ❌ Image size budget: the build failed\n/)
    assert.match(
      md,
      /The build of the final stage 1 failed in stage &quot;build&quot; \(exit code 1\)/
    )
    assert.match(md, /Failed at <code>app\/Dockerfile:5<\/code>: <code>RUN echo hi<\/code>/)
    // The fence is longer than the longest run of backticks in the tail; colours are gone.
    assert.match(
      md,
      /\n````text\n#6 \[build 3\/3\] RUN echo hi\nred ```fence``` and @someone <b>bold<\/b>\n#6 ERROR: exit code: 1\n````\n$/
    )
    assert.ok(!md.includes('\u001b'), 'no escape character')
  })

  test('the terminal text says the same', () => {
    const text = renderBuildFailureText(error, { displayPath: l => `./${l.file}` })
    assert.match(
      text,
      /^build failed: the build of the final stage 1 failed in stage "build" \(exit code 1\)/
    )
    assert.match(text, /\nfailed at \.\/app\/Dockerfile:5: RUN echo hi\n/)
    assert.match(text, /\n {2}red ```fence``` and @someone <b>bold<\/b>\n/)
  })

  test('plainLogLine drops escape sequences and control characters', () => {
    assert.equal(plainLogLine('\u001b[1;32mok\u001b[0m\r\u0007'), 'ok')
    assert.equal(plainLogLine('a\tb'), 'a\tb')
  })
})

describe('secrets in the build command shown in the log', () => {
  test('--build-arg values are masked, keys kept', () => {
    const shown = displayCommand('docker', [
      'build',
      '--build-arg',
      'TOKEN=ghp_s3cr3t value',
      '--build-arg',
      'EMPTY=',
      '-t',
      'x:y',
      '.'
    ])
    assert.equal(shown, 'docker build --build-arg TOKEN=*** --build-arg EMPTY=*** -t x:y .')
  })
})
