/**
 * A failed subject of a run of several images (src/report/run-failure.ts) and how the run's
 * renderers show it: the report's failure entry (masked build-arg values, bounded text), the
 * markdown (a ❌ row in the one table, a section per failure, hostile text inert), the terminal
 * table, the `results` rows, and the schema (a run with failures, or with failures only).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { BuildError } from '../../src/engine/build.ts'
import { parseRunReport } from '../../src/baseline/report.ts'
import type { RunReport } from '../../src/model.ts'
import { FAILURE_LIMITS, runFailureOf } from '../../src/report/run-failure.ts'
import { renderRunMarkdown } from '../../src/report/run-markdown.ts'
import { renderRunTerminal } from '../../src/report/run-terminal.ts'
import { resultRows } from '../../src/report/results.ts'
import { passingNoBaseline } from './markdown.fixtures.ts'
import { entry, run } from './run.fixtures.ts'

const SECRET = 'hunter2-token'

function buildError(logTail: string[]): BuildError {
  return new BuildError({
    label: 'final stage "app"',
    built: 'app',
    stage: 'build',
    exitCode: 3,
    logTail,
    instruction: {
      keyword: 'RUN',
      args: `echo ${SECRET} &&\n    exit 3`,
      stage: 'build',
      location: { file: '/ws/svc/Dockerfile', line: 4 }
    },
    location: { file: '/ws/svc/Dockerfile', line: 4 }
  })
}

/** A run of one measured entry and one failure (`name`, on linux/arm64). */
function withFailure(name = 'worker', logTail: string[] = ['#8 ERROR: exit code: 3']): RunReport {
  const measured = run([entry('api', 'linux/amd64', passingNoBaseline())])
  const failure = runFailureOf(
    buildError(logTail),
    { name, platform: 'linux/arm64', buildArgs: { TOKEN: SECRET } },
    file => file.replace('/ws/', '')
  )
  return { ...measured, failures: [failure], passed: false }
}

describe('runFailureOf', () => {
  test('a BuildError: stage, file:line, instruction, exit code, log tail; build-arg values masked', () => {
    const failure = runFailureOf(
      buildError([`+ echo ${SECRET}`, SECRET, 'done']),
      { name: 'worker', platform: 'linux/arm64', buildArgs: { TOKEN: SECRET, V: '1' } },
      file => file.replace('/ws/', '')
    )
    assert.deepEqual(failure, {
      name: 'worker',
      platform: 'linux/arm64',
      message: 'Build of final stage "app" failed in stage "build" (exit code 3).',
      exitCode: 3,
      stage: 'build',
      file: 'svc/Dockerfile',
      line: 4,
      instruction: 'RUN echo *** && exit 3',
      logTail: ['+ echo ***', '***', 'done']
    })
  })

  test('another error: its message, masked and bounded', () => {
    const failure = runFailureOf(new Error(`registry said no to ${SECRET} ${'x'.repeat(5000)}`), {
      name: 'base',
      platform: 'default',
      buildArgs: { TOKEN: SECRET }
    })
    assert.equal(failure.name, 'base')
    assert.ok(!failure.message.includes(SECRET))
    assert.match(failure.message, /^registry said no to \*\*\* x+…x+$/)
    assert.equal(Array.from(failure.message).length, FAILURE_LIMITS.message)
    assert.equal(failure.logTail, undefined)
  })

  test('bounds the log tail: its last lines, each shortened', () => {
    const lines = Array.from(
      { length: 80 },
      (_, i) => `line ${i} ${'y'.repeat(i === 79 ? 3000 : 1)}`
    )
    const failure = runFailureOf(buildError(lines), { name: 'a', platform: 'linux/amd64' })
    assert.equal(failure.logTail?.length, FAILURE_LIMITS.logLines)
    assert.match(failure.logTail![0]!, /^line 30 /)
    assert.equal(Array.from(failure.logTail!.at(-1)!).length, FAILURE_LIMITS.logLine)
  })
})

describe('a run with a failed build, rendered', () => {
  test('markdown: the failure leads the table, its section names stage, line and log', () => {
    const body = renderRunMarkdown(withFailure(), { commentKey: 'sizes.yml' })
    assert.match(body, /^### ❌ The build of <code>worker<\/code> \(linux\/arm64\) failed$/m)
    const rows = body.split('\n').filter(l => l.startsWith('| '))
    assert.equal(rows[0], '| image | arch | size |')
    assert.equal(rows[1], '| ❌ worker | arm64 | build failed |')
    assert.match(rows[2]!, /^\| ✅ api \| amd64 \| /)
    assert.match(body, /^#### ❌ Build failed: <code>worker<\/code> \(linux\/arm64\)$/m)
    assert.match(
      body,
      /Failed at <code>svc\/Dockerfile:4<\/code>: <code>RUN echo &#42;&#42;&#42; &amp;&amp; exit 3<\/code>/
    )
    assert.match(
      body,
      /<summary>Last 1 lines of the build log<\/summary>\n\n```text\n#8 ERROR: exit code: 3\n```/
    )
    assert.ok(!body.includes(SECRET))
    // The failure's section comes before the entries' folds.
    assert.ok(body.indexOf('#### ❌ Build failed') < body.indexOf('<details><summary>✅ api'))
  })

  test('markdown: hostile names and log lines stay inert', () => {
    const body = renderRunMarkdown(
      withFailure('<img src=x>@team|x', ['```', 'close ```` fence', '\u001b[31mred\u001b[0m @org']),
      {}
    )
    assert.ok(!body.includes('<img'))
    assert.ok(!body.includes('@team'))
    assert.match(body, /\| ❌ &lt;img src=x&gt;@\u200dteam&#124;x \|/)
    // The fence is longer than any run of backticks in the log; escape sequences dropped.
    assert.match(body, /\n`````text\n```\nclose ```` fence\nred @org\n`````\n/)
  })

  test('markdown: one measured entry plus a failure is a run table, not a single report', () => {
    const body = renderRunMarkdown(withFailure())
    assert.match(body, /\| ❌ worker \|/)
    assert.match(body, /<details><summary>✅ api · linux\/amd64 · /)
  })

  test('markdown: a run whose every build failed', () => {
    const only = withFailure()
    const body = renderRunMarkdown({ ...only, images: [] })
    assert.match(body, /^### ❌ The build of <code>worker<\/code> \(linux\/arm64\) failed$/m)
    assert.match(body, /^\| ❌ worker \| build failed \|$/m)
  })

  test('terminal: a BUILD FAILED row, the failure named, its log tail', () => {
    const text = renderRunTerminal(withFailure('wor\u001b[2Jker'))
    assert.match(text, /^image-size-budget \S+ — 2 images on 2 platforms$/m)
    // The escape character printed as a space (the terminal table's rule for names).
    assert.match(text, /^wor \[2Jker\s+linux\/arm64\s+—\s+—\s+—\s+BUILD FAILED$/m)
    assert.match(text, /^Build failed in 1 of 2:$/m)
    assert.match(
      text,
      /^ {2}wor\s?ker \(linux\/arm64\): Build of final stage "app" failed in stage "build" \(exit code 3\)\. Failed at svc\/Dockerfile:4: RUN echo \*\*\* && exit 3\.$/m
    )
    assert.match(text, /^== wor \[2Jker · linux\/arm64 ==$/m)
    assert.match(text, /^ {2}#8 ERROR: exit code: 3$/m)
    assert.ok(!text.includes('\u001b'))
  })

  test('results: the measured rows, then a row per failure with its error', () => {
    const rows = resultRows(withFailure())
    assert.equal(rows.length, 2)
    assert.deepEqual(rows[1], {
      name: 'worker',
      platform: 'linux/arm64',
      error: 'Build of final stage "app" failed in stage "build" (exit code 3).',
      passed: false
    })
  })
})

describe('report schema 2 with failures', () => {
  test('a run with failures, and one with failures only, read back as written', () => {
    const failed = withFailure()
    assert.deepEqual(parseRunReport(JSON.stringify(failed), 'r').failures, failed.failures)
    const none = { ...failed, images: [] }
    assert.deepEqual(parseRunReport(JSON.stringify(none), 'r').images, [])
  })

  test('no entry and no failure is refused; failure fields are bounded', () => {
    const failed = withFailure()
    assert.throws(
      () => parseRunReport(JSON.stringify({ ...failed, images: [], failures: undefined }), 'r'),
      /not a valid image-size-budget report/
    )
    const long = { ...failed, failures: [{ ...failed.failures![0]!, message: 'm'.repeat(5000) }] }
    assert.throws(() => parseRunReport(JSON.stringify(long), 'r'), /\/failures\/0\/message/)
    const noLine = { ...failed, failures: [{ ...failed.failures![0]!, line: 0 }] }
    assert.throws(() => parseRunReport(JSON.stringify(noLine), 'r'), /\/failures\/0\/line/)
  })
})
