/**
 * One run, end to end on the real engine (the CLI and the action from src/, as `node` runs them):
 * a failed build reports (summary, passed=false, the failing line annotated, exit code 2 from the
 * CLI); build-argument values reach no report, table or log; inputs that cannot work are refused
 * before the first build; runs that share the engine get their own tags and report paths and
 * remove their tags at the end.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, test } from 'node:test'
import { docker, LOCAL_BUSYBOX, makeContext, removeImages } from '../helpers/docker.ts'
import { parseOutputFile } from '../helpers/runner.ts'

const ROOT = new URL('../..', import.meta.url).pathname
const CLI_SRC = join(ROOT, 'src', 'bin.ts')
const ACTION_SRC = join(ROOT, 'src', 'index.ts')

interface Result {
  code: number
  stdout: string
  stderr: string
}

function node(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [script, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, cwd: ROOT },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr
        })
    )
  })
}

const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> =>
  node(CLI_SRC, args, env)

/** The two build paths reachable here: the v28 CLI (classic builder) and the 20.10 CLI (BuildKit). */
const ENGINES = [
  { name: 'classic builder', docker: '/usr/local/bin/docker', env: { DOCKER_BUILDKIT: '0' } },
  { name: 'BuildKit', docker: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' } }
]

/** `docker image inspect` succeeds for `ref`. */
async function exists(ref: string): Promise<boolean> {
  return docker(['image', 'inspect', '--format', '{{.Id}}', ref]).then(
    () => true,
    () => false
  )
}

const cleanup: string[] = []
after(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true })
})

async function context(files: Record<string, string>): Promise<string> {
  const dir = await makeContext(files)
  cleanup.push(dir)
  return dir
}

const nonce = Math.random().toString(36).slice(2, 10)

/** Lines: 1 FROM, 2 RUN, 3 blank, 4 FROM, 5 COPY, 6 RUN that fails. */
const FAILS_IN_FINAL = `FROM ${LOCAL_BUSYBOX} AS build
RUN echo compiling > /x

FROM ${LOCAL_BUSYBOX}
COPY --from=build /x /x
RUN echo "boom-${nonce}" && exit 3
`
/** Lines: 1 ARG, 2 FROM, 3 ENV, 4 RUN that fails, 5 FROM, 6 COPY. */
const FAILS_IN_BUILDER = `ARG UNUSED=1
FROM ${LOCAL_BUSYBOX} AS build
ENV A=1
RUN echo "broken-${nonce}" && exit 4
FROM ${LOCAL_BUSYBOX}
COPY --from=build /x /x
`

describe('a failed build reports', () => {
  for (const engine of ENGINES) {
    test(
      `CLI, ${engine.name}: exit 2, the stage, the failing line, the log tail`,
      { skip: !existsSync(engine.docker) },
      async () => {
        const final = await context({ Dockerfile: FAILS_IN_FINAL })
        const inFinal = await cli(['--context', final, '--docker', engine.docker], engine.env)
        assert.equal(inFinal.code, 2, inFinal.stderr)
        assert.match(
          inFinal.stderr,
          /build failed: the build of the final stage 1 failed \(exit code \d+\)/
        )
        assert.doesNotMatch(inFinal.stderr, /stage "final stage/)
        assert.ok(
          inFinal.stderr.includes(
            `failed at ${join(final, 'Dockerfile')}:6: RUN echo "boom-${nonce}" && exit 3`
          ),
          inFinal.stderr
        )
        // The command's own output, as the classic builder and BuildKit (`#7 1.433 …`) print it.
        assert.match(inFinal.stderr, new RegExp(`\\n {2}(#\\d+ [\\d.]+ )?boom-${nonce}\\n`))

        const builder = await context({ Dockerfile: FAILS_IN_BUILDER })
        const inBuilder = await cli(['--context', builder, '--docker', engine.docker], engine.env)
        assert.equal(inBuilder.code, 2, inBuilder.stderr)
        assert.match(inBuilder.stderr, /the build of the final stage 1 failed in stage "build"/)
        assert.ok(
          inBuilder.stderr.includes(`failed at ${join(builder, 'Dockerfile')}:4: RUN echo`),
          inBuilder.stderr
        )
      }
    )
  }

  test('action: summary, passed=false, markdown, the failing line annotated, step failed', async () => {
    const workspace = await context({ 'app/Dockerfile': FAILS_IN_BUILDER })
    const runner = await mkdtemp(join(tmpdir(), 'isb-runner-'))
    cleanup.push(runner)
    const outputFile = join(runner, 'output')
    const summaryFile = join(runner, 'summary')
    await writeFile(outputFile, '')
    await writeFile(summaryFile, '')
    const result = await node(ACTION_SRC, [], {
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: runner,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      INPUT_CONTEXT: join(workspace, 'app'),
      DOCKER_BUILDKIT: '0'
    })
    assert.equal(result.code, 1, result.stdout)
    const outputs = parseOutputFile(await readFile(outputFile, 'utf8'))
    assert.equal(outputs.passed, 'false')
    const summary = await readFile(summaryFile, 'utf8')
    assert.equal(outputs.markdown?.trimEnd(), summary.trimEnd())
    assert.match(summary, /^### ❌ Image size budget: the build failed\n/)
    assert.match(
      summary,
      /The build of the final stage 1 failed in stage &quot;build&quot; \(exit code \d+\)/
    )
    assert.match(summary, /Failed at <code>app\/Dockerfile:4<\/code>: <code>RUN echo/)
    assert.match(summary, new RegExp(`\\n\`\`\`text\\n[^]*\\nbroken-${nonce}\\n[^]*\\n\`\`\`\\n$`))
    const annotation = result.stdout.split('\n').find(l => l.startsWith('::error title=Image'))
    assert.ok(annotation, result.stdout)
    assert.match(annotation, /file=app\/Dockerfile,line=4::RUN failed in stage "build"/)
    assert.match(result.stdout, /::error::Build of final stage 1 failed in stage "build"/)
  })
})

test('build-argument values reach no report, table or log; the engine does record them', async () => {
  const secret = `s3cr3t-${nonce}`
  const dir = await context({
    Dockerfile: `FROM ${LOCAL_BUSYBOX} AS build
ARG TOKEN
RUN test -n "$TOKEN" && echo built > /built
FROM ${LOCAL_BUSYBOX}
ARG TOKEN
RUN test -n "$TOKEN" && echo "$TOKEN" | wc -c > /length
COPY --from=build /built /built
`
  })
  const reportPath = join(dir, 'out', 'report.json')
  const result = await cli(
    [
      '--context',
      dir,
      '--build-args',
      `TOKEN=${secret}`,
      '--report',
      reportPath,
      '--verbose',
      '--keep-images'
    ],
    { DOCKER_BUILDKIT: '0' }
  )
  assert.equal(result.code, 0, result.stderr)
  const text = await readFile(reportPath, 'utf8')
  // Schema 2: one entry per image and platform; this run measures one image.
  const report = (
    JSON.parse(text) as {
      images: {
        build: { buildArgNames: string[]; buildArgs?: unknown }
        final: { id: string; ref: string; layers: { createdBy: string }[] }
        builder: { ref: string }
      }[]
    }
  ).images[0]!
  try {
    // The oracle: the engine keeps the value in the image history; that is what we hide.
    const history = await docker([
      'history',
      '--no-trunc',
      '--format',
      '{{.CreatedBy}}',
      report.final.id
    ])
    assert.ok(history.includes(`TOKEN=${secret}`), history)

    assert.deepEqual(report.build.buildArgNames, ['TOKEN'])
    assert.equal(report.build.buildArgs, undefined)
    assert.ok(!text.includes(secret), 'the JSON report holds no value')
    assert.ok(report.final.layers.some(l => l.createdBy.includes('TOKEN=***')))
    assert.ok(!result.stdout.includes(secret), 'the table holds no value')
    assert.ok(!result.stderr.includes(secret), 'the log holds no value')
    assert.match(result.stderr, /--build-arg TOKEN=\*\*\*/)
  } finally {
    await removeImages(report.final.ref, report.builder.ref)
  }
})

test(
  'a failed build masks build-argument values in its log tail (BuildKit prints them in step names)',
  {
    skip: !existsSync('/usr/bin/docker')
  },
  async () => {
    const secret = `t0ken-${nonce}`
    const dir = await context({
      Dockerfile: `FROM ${LOCAL_BUSYBOX}
ARG TOKEN
RUN echo "using $TOKEN" && exit 4
`
    })
    const result = await cli(
      ['--context', dir, '--build-args', `TOKEN=${secret}`, '--docker', '/usr/bin/docker'],
      { DOCKER_BUILDKIT: '1' }
    )
    assert.equal(result.code, 2, result.stderr)
    // The oracle: the engine's own output does carry the value (the step ran and echoed it).
    assert.match(result.stderr, /using \*\*\*/)
    assert.ok(!result.stderr.includes(secret), result.stderr)
    assert.ok(!result.stdout.includes(secret), result.stdout)
  }
)

describe('inputs that cannot work are refused before the first build', () => {
  // Each build would fail with its own message: a check made after building shows that instead.
  const refused = async (args: string[], expected: RegExp): Promise<void> => {
    const dir = await context({ Dockerfile: FAILS_IN_FINAL })
    const result = await cli(['--context', dir, ...args], { DOCKER_BUILDKIT: '0' })
    assert.equal(result.code, 2, result.stderr)
    assert.match(result.stderr, expected)
    assert.doesNotMatch(result.stderr, /build failed|boom|isb-missing-.*\.tar/)
  }

  test('a report path that is a directory, leaving nothing in it', async () => {
    const target = await mkdtemp(join(tmpdir(), 'isb-report-dir-'))
    cleanup.push(target)
    await refused(['--report', target], /Input report: cannot write .* it is a directory/)
    assert.deepEqual(await readdir(target), [])
    await refused(['--report', '/proc/self/report.json'], /Input report: .* is under \/proc/)
  })

  test('an unreadable baseline report', async () => {
    await refused(
      ['--baseline-report', join(tmpdir(), `isb-missing-${nonce}.json`)],
      /Input baseline-report: ".*" cannot be read/
    )
    const notJson = join(await context({ 'r.json': '{"schemaVersion": 1' }), 'r.json')
    await refused(['--baseline-report', notJson], /Input baseline-report: .* not (valid )?JSON/i)
  })

  test('max-ratio with image and no builder, before the image is read', async () => {
    // The archive does not exist: a check made after reading the image names the archive instead.
    const missing = join(tmpdir(), `isb-missing-${nonce}.tar`)
    await refused(
      ['--image', `docker-archive:${missing}`, '--max-ratio', '5%'],
      /Input max-ratio: there is no builder/
    )
  })
})

describe('runs that share the engine', () => {
  const project = `FROM ${LOCAL_BUSYBOX} AS build
RUN echo "${nonce}" > /artifact
FROM ${LOCAL_BUSYBOX}
COPY --from=build /artifact /artifact
`
  interface Ran {
    report: { final: { ref: string; id: string }; builder: { ref: string } }
    reportPath: string
  }
  const measure = async (dir: string, extra: string[] = []): Promise<Ran> => {
    const result = await cli(['--context', dir, '--json', ...extra], { DOCKER_BUILDKIT: '0' })
    assert.equal(result.code, 0, result.stderr)
    const reportPath = /^report: (.*)$/m.exec(result.stderr)?.[1] ?? ''
    cleanup.push(dirname(reportPath))
    const run = JSON.parse(result.stdout) as { images: Ran['report'][] }
    return { report: run.images[0]!, reportPath }
  }

  test('two concurrent runs of one project: own tags, own report paths, tags removed after', async () => {
    const dir = await context({ Dockerfile: project })
    const [one, two] = await Promise.all([measure(dir), measure(dir)])
    const tags = [one, two].flatMap(r => [r.report.final.ref, r.report.builder.ref])
    assert.equal(new Set(tags).size, 4, tags.join(' '))
    for (const tag of tags)
      assert.match(tag, /^image-size-budget\/(build|1):latest-[0-9a-f]{12}-\d+-[0-9a-f]{6}$/)
    assert.notEqual(one.reportPath, two.reportPath)
    assert.match(one.reportPath, /image-size-budget\/\d+-[0-9a-f]{6}\/report\.json$/)
    assert.ok(existsSync(one.reportPath) && existsSync(two.reportPath))
    for (const tag of tags) assert.equal(await exists(tag), false, `${tag} was removed`)
    // Images that existed before stay: the base image both stages start from.
    assert.equal(await exists(LOCAL_BUSYBOX), true)
  })

  test('an image that also has another tag is only untagged', async () => {
    // The final stage is the base image itself: removing our tag must leave the image.
    const dir = await context({ Dockerfile: `FROM ${LOCAL_BUSYBOX}\n` })
    const id = async (): Promise<string> =>
      (await docker(['image', 'inspect', '--format', '{{.Id}}', LOCAL_BUSYBOX])).trim()
    const before = await id()
    const { report } = await measure(dir)
    assert.equal(report.final.id, before)
    assert.equal(await exists(report.final.ref), false)
    assert.equal(await id(), before)
  })

  test('--keep-images keeps them', async () => {
    const dir = await context({ Dockerfile: project })
    const { report } = await measure(dir, ['--keep-images'])
    try {
      assert.equal(await exists(report.final.ref), true)
      assert.equal(await exists(report.builder.ref), true)
    } finally {
      await removeImages(report.final.ref, report.builder.ref)
    }
  })
})
