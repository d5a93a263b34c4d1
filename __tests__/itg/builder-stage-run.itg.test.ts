/**
 * The builder stage's build and measurement after the final image's (src/pipeline.ts), on the
 * real engine (Docker 20.10, BuildKit), run through the CLI from the sources: the report names
 * the builder with its sizes (against `docker image inspect`), the log has the final image's
 * measurement before the builder's build, and a builder stage that fails to build (while the
 * final target builds) fails the run naming that stage, with every tag the run made removed.
 */
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, describe, test } from 'node:test'
import { LOCAL_BUSYBOX, engineSize, makeContext } from '../helpers/docker.ts'

const BIN = new URL('../../src/bin.ts', import.meta.url).pathname
const DOCKER = '/usr/bin/docker'
const contexts: string[] = []
after(async () => {
  for (const c of contexts) await rm(c, { recursive: true, force: true })
})

/** Runs the CLI from the sources; resolves with its exit code, output and pid. */
function cli(
  args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--docker', DOCKER, ...args], {
      env: { ...process.env, DOCKER_BUILDKIT: '1', ISB_NO_CACHE: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr, pid: child.pid ?? -1 }))
  })
}

/** Tags of the run with process id `pid` still in the engine. */
async function tagsOfRun(pid: number): Promise<string[]> {
  const { stdout } = await promisify(execFile)(DOCKER, [
    'image',
    'ls',
    '--format',
    '{{.Repository}}:{{.Tag}}',
    'image-size-budget/*'
  ])
  return stdout.split('\n').filter(t => t.includes(`-${pid}-`))
}

describe('builder stage after the final image (Docker 20.10, BuildKit)', () => {
  test('one candidate: the builder measured, its log after the final image', async () => {
    const context = await makeContext({
      Dockerfile: `FROM ${LOCAL_BUSYBOX} AS build\nRUN head -c 200000 /dev/urandom > /blob && echo building-now\nFROM ${LOCAL_BUSYBOX}\nCOPY --from=build /blob /blob\n`
    })
    contexts.push(context)
    const report = join(tmpdir(), `isb-overlap-${process.pid}.json`)
    const run = await cli(['--context', context, '--report', report, '--keep-images', '--verbose'])
    assert.equal(run.code, 0, run.stderr)
    // Schema 2: one entry per image and platform; this run measures one image.
    const r = (
      JSON.parse(await readFile(report, 'utf8')) as {
        images: {
          final: { ref: string; id: string; size: number }
          builder: { ref: string; id: string; size: number; stage: string }
          stageChoice: { builder: string }
        }[]
      }
    ).images[0]!
    await rm(report, { force: true })
    try {
      assert.equal(r.stageChoice.builder, 'build')
      assert.equal(r.builder.stage, 'build')
      assert.equal(r.builder.size, await engineSize(r.builder.id))
      assert.equal(r.final.size, await engineSize(r.final.id))
      const err = run.stderr
      const measureFinal = err.indexOf(`── Measure ${r.final.ref}`)
      const buildBuilder = err.indexOf('── Build builder stage "build"')
      assert.ok(measureFinal >= 0 && buildBuilder > measureFinal, err)
      // The builder's build log follows its own header, not the final image's.
      const echoed = err.indexOf('building-now', buildBuilder)
      assert.ok(echoed > buildBuilder || !err.includes('building-now'), err)
    } finally {
      await promisify(execFile)(DOCKER, ['image', 'rm', r.final.ref, r.builder.ref]).catch(
        () => undefined
      )
    }
  })

  test('a builder-target that fails to build fails the run, naming it; no tag is left', async () => {
    const context = await makeContext({
      Dockerfile: `FROM ${LOCAL_BUSYBOX} AS build\nRUN echo ok > /x\nFROM build AS broken\nRUN echo "broken: no compiler" && exit 7\nFROM ${LOCAL_BUSYBOX}\nCOPY --from=build /x /x\n`
    })
    contexts.push(context)
    const run = await cli(['--context', context, '--builder-target', 'broken'])
    assert.equal(run.code, 2, run.stderr)
    assert.match(run.stderr, /broken/)
    assert.match(run.stderr, /broken: no compiler/)
    assert.deepEqual(await tagsOfRun(run.pid), [])
  })
})
