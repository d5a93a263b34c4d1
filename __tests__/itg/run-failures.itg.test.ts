/**
 * One failed build in a run of several images (issue 10, trial bug B1): the others are still
 * measured and reported. Real engine (the default daemon, classic builder; bake through buildx
 * 0.13.1): a config file of two images where one Dockerfile's `RUN` exits 3, through the
 * action's source entry (`src/index.ts`) and the CLI's (`src/bin.ts`); a bake file whose one
 * target fails the same way.
 *
 * Oracles: `docker image inspect` `.Size` of the good image's ID (the COPY's exact 1,000,000
 * bytes on `FROM scratch`), the failing Dockerfile's line number, and the build-arg value the
 * failing RUN echoes, which must appear nowhere in what is published.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { ENGINES_FILE, IN_CI } from '../helpers/engines.ts'
import { engineSize, LOCAL_BUSYBOX, makeContext, removeImages } from '../helpers/docker.ts'
import { runAction, SRC_ENTRY } from '../helpers/runner.ts'

const BIN = new URL('../../src/bin.ts', import.meta.url).pathname
const dockerConfig = existsSync(ENGINES_FILE)
  ? (JSON.parse(readFileSync(ENGINES_FILE, 'utf8')) as { dockerConfig: string }).dockerConfig
  : undefined
const noBuildx =
  dockerConfig || IN_CI ? false : `${ENGINES_FILE} is missing: run scripts/engines.sh`

interface Failure {
  name: string
  platform: string
  message: string
  file?: string
  line?: number
  instruction?: string
  logTail?: string[]
}
interface Run {
  images: { name: string; platform: string; final: { id: string; ref: string; size: number } }[]
  failures?: Failure[]
  passed: boolean
}

const SECRET = 'sekrit-token-4242'
const FILES = {
  'good/Dockerfile': 'FROM scratch\nCOPY blob /blob\n',
  'good/blob': Buffer.alloc(1_000_000, 7),
  'bad/Dockerfile': `FROM ${LOCAL_BUSYBOX}\nARG TOKEN\nRUN echo "token=$TOKEN" && exit 3\n`,
  'sizes.yml': `images:
  - name: good
    context: good
    max-size: 5MB
  - name: bad
    context: bad
    build-args:
      TOKEN: ${SECRET}
`
}

const kept: string[] = []
after(() => removeImages(...kept))

function keep(run: Run | undefined): void {
  for (const entry of run?.images ?? []) {
    if (entry.final.ref.startsWith('image-size-budget/')) kept.push(entry.final.ref)
  }
}

describe('a failed build among several images (classic builder)', () => {
  test('the action reports the good image, the failure, and fails naming the image', async () => {
    const dir = await makeContext(FILES)
    try {
      const result = await runAction(
        { config: 'sizes.yml', 'keep-images': 'true' },
        {},
        dir,
        SRC_ENTRY
      )
      const run = result.report as Run
      keep(run)
      assert.equal(result.exitCode, 1, result.stdout)
      assert.ok(run, `no report: ${result.stdout}`)
      assert.equal(run.passed, false)
      // The good image measured: the engine's size, the COPY's exact bytes.
      assert.deepEqual(
        run.images.map(e => e.name),
        ['good']
      )
      assert.equal(run.images[0]!.final.size, 1_000_000)
      assert.equal(run.images[0]!.final.size, await engineSize(run.images[0]!.final.id))
      // The failure: image, platform (the measured one's), the failing line and instruction.
      const [failure] = run.failures ?? []
      assert.equal(run.failures?.length, 1)
      assert.equal(failure!.name, 'bad')
      assert.equal(failure!.platform, run.images[0]!.platform)
      assert.match(failure!.message, /^Build of final stage 0 failed \(exit code 3\)\.$/)
      assert.equal(failure!.file, 'bad/Dockerfile')
      assert.equal(failure!.line, 3)
      assert.match(failure!.instruction ?? '', /^RUN echo "token=\$TOKEN" && exit 3$/)
      assert.ok(
        failure!.logTail?.some(l => l.includes('token=***')),
        failure!.logTail?.join('\n')
      )
      // Published: the table with both rows, the failure's section, results, the failed step.
      assert.match(result.summary, /^### ❌ The build of <code>bad<\/code> \(.+\) failed$/m)
      assert.match(result.summary, /^\| ❌ bad \| build failed \|/m)
      assert.match(result.summary, /^\| ✅ good \| 1\sMB \|/m)
      assert.match(result.summary, /#### ❌ Build failed: <code>bad<\/code>/)
      assert.match(result.summary, /Failed at <code>bad\/Dockerfile:3<\/code>/)
      assert.equal(result.outputs.markdown, result.summary.trimEnd() + '\n')
      const results = JSON.parse(result.outputs.results!) as Record<string, unknown>[]
      assert.deepEqual(
        results.map(r => [r.name, r.size ?? r.error, r.passed]),
        [
          ['good', 1_000_000, true],
          ['bad', 'Build of final stage 0 failed (exit code 3).', false]
        ]
      )
      assert.equal(result.outputs.passed, 'false')
      assert.match(
        result.stdout,
        /::error::Build failed \(1 of 2\):%0A- bad \(linux\/[a-z0-9]+\): /
      )
      assert.match(
        result.stdout,
        /::error title=Image size budget%3A build failed,file=bad\/Dockerfile,line=3::bad \(linux\/[a-z0-9]+\): RUN failed\./
      )
      // The secret the RUN echoed: nowhere published.
      const reportText = await readFile(result.outputs.report!, 'utf8').catch(() => '')
      for (const text of [result.summary, result.outputs.results!, reportText]) {
        assert.doesNotMatch(text, new RegExp(SECRET))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('the CLI prints the table and the failure, writes the report and markdown, exits 2', async () => {
    const dir = await makeContext(FILES)
    try {
      const { code, stdout, stderr } = await new Promise<{
        code: number
        stdout: string
        stderr: string
      }>(resolve => {
        execFile(
          process.execPath,
          [BIN, '--config', 'sizes.yml', '--report', 'r.json', '--markdown', 'r.md'],
          { cwd: dir, maxBuffer: 32 * 1024 * 1024 },
          (error, stdout, stderr) =>
            resolve({
              code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
              stdout,
              stderr
            })
        )
      })
      assert.equal(code, 2, stderr)
      const run = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as Run
      assert.deepEqual(
        run.images.map(e => [e.name, e.final.size]),
        [['good', 1_000_000]]
      )
      assert.deepEqual(
        run.failures?.map(f => [f.name, f.line]),
        [['bad', 3]]
      )
      assert.match(stdout, /^bad\s+linux\/\S+\s+—\s+—\s+—\s+BUILD FAILED$/m)
      assert.match(stdout, /^good\s+linux\/\S+\s+1 MB\s/m)
      assert.match(stdout, /^Build failed in 1 of 2:$/m)
      assert.match(
        stderr,
        /^image-size-budget: build failed: bad \(linux\/\S+\): Build of final stage 0 failed \(exit code 3\)\. Failed at bad\/Dockerfile:3: RUN echo/m
      )
      const markdown = await readFile(join(dir, 'r.md'), 'utf8')
      assert.match(markdown, /\| ❌ bad \| build failed \|/)
      assert.match(markdown, /\| ✅ good \| 1\sMB \|/)
      for (const text of [stdout, stderr, markdown, JSON.stringify(run)]) {
        assert.doesNotMatch(text, new RegExp(SECRET))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('a failed bake target (buildx 0.13.1)', { skip: noBuildx }, () => {
  test('the other targets are built and measured; the failing one is a failure', async () => {
    const dir = await makeContext({
      ...FILES,
      'docker-bake.hcl': `group "default" { targets = ["good", "bad"] }
target "good" { context = "good" }
target "bad" { context = "bad" }
`
    })
    try {
      const result = await runAction(
        { bake: 'docker-bake.hcl', 'keep-images': 'true' },
        { DOCKER_CONFIG: dockerConfig ?? '' },
        dir,
        SRC_ENTRY
      )
      const run = result.report as Run
      keep(run)
      assert.equal(result.exitCode, 1, result.stdout)
      assert.deepEqual(
        run.images.map(e => [e.name, e.final.size]),
        [['good', 1_000_000]]
      )
      assert.equal(run.images[0]!.final.size, await engineSize(run.images[0]!.final.id))
      assert.deepEqual(
        run.failures?.map(f => f.name),
        ['bad']
      )
      assert.match(run.failures![0]!.message, /exit code/)
      assert.match(result.summary, /\| ❌ bad \| build failed \|/)
      assert.match(result.stdout, /::error::Build failed \(1 of 2\):%0A- bad \(/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
