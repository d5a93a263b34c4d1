/**
 * A warm re-run with the classic builder (issue 7, trial B1) on Docker 20.10 (docker20-classic,
 * the v28 CLI without buildx and DOCKER_BUILDKIT=0): the classic builder's cache is its images,
 * so the run keeps each stage's image under the project's stable tag before removing its own
 * tags, and the next run serves the builder stage's expensive last step from cache instead of
 * running it again. Oracles: the build log (the step's output appears once, in the first run;
 * the second run says `Using cache`), and the engine's tags after each run.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, test } from 'node:test'
import { buildTag } from '../../src/build-stage.ts'
import { parseInputs } from '../../src/inputs.ts'
import type { Log } from '../../src/log.ts'
import { evaluate } from '../../src/pipeline.ts'
import { LOCAL_BUSYBOX, makeContext } from '../helpers/docker.ts'
import { findEngine, missingEngineTest } from '../helpers/engines.ts'

const run = promisify(execFile)
const CLI = '/usr/local/bin/docker'
const nonce = Math.random().toString(36).slice(2)
const DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX} AS build`,
  `RUN echo compiling-${nonce} && sleep 3 && head -c 100000 /dev/urandom > /app`,
  `FROM ${LOCAL_BUSYBOX}`,
  'COPY --from=build /app /app',
  ''
].join('\n')

function recordingLog(): Log & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: m => lines.push(m),
    warning: m => lines.push(`warning: ${m}`),
    debug: m => lines.push(`debug: ${m}`),
    group: async (_name, fn) => fn()
  }
}

/** The tags the engine holds for this project's stages (`image-size-budget/…`). */
async function projectTags(host: string): Promise<string[]> {
  const { stdout } = await run(
    CLI,
    ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'image-size-budget/*'],
    { env: { ...process.env, DOCKER_HOST: host } }
  )
  return stdout.split('\n').filter(Boolean)
}

const engine = findEngine('docker20-classic')
if (typeof engine === 'string') {
  missingEngineTest('warm re-run with the classic builder on docker20-classic', engine)
} else {
  let context = ''
  let stable: string[] = []
  after(async () => {
    if (stable.length) {
      await run(CLI, ['image', 'rm', ...stable], {
        env: { ...process.env, DOCKER_HOST: engine.host }
      }).catch(() => undefined)
    }
    if (context) await rm(context, { recursive: true, force: true })
  })

  test('classic builder: the second run serves the builder step from cache (docker20-classic/classic)', async () => {
    context = await makeContext({ Dockerfile: DOCKERFILE })
    const saved = { ...process.env }
    process.env['DOCKER_HOST'] = engine.host
    process.env['DOCKER_BUILDKIT'] = '0'
    delete process.env['DOCKER_CONFIG']
    try {
      // This project's stable tags only: other runs on the engine have their own.
      const project = buildTag('build', 'latest', join(context, 'Dockerfile')).split(':')[1] ?? ''
      const mine = async (): Promise<string[]> =>
        (await projectTags(engine.host)).filter(t => t.endsWith(`:${project}`))
      assert.deepEqual(await mine(), [])
      const runOnce = async (): Promise<string[]> => {
        const log = recordingLog()
        const values: Record<string, string> = { context, 'keep-images': 'false' }
        const report = await evaluate(
          parseInputs(name => values[name] ?? ''),
          { docker: CLI, log }
        )
        assert.equal(report.stageChoice?.builder, 'build')
        return log.lines
      }
      const first = await runOnce()
      assert.ok(
        first.some(l => l === `compiling-${nonce}`),
        'the first run runs the step'
      )
      const kept = await mine()
      stable = kept
      // The stable tags (no run id) remain; the run's own tags are gone.
      assert.ok(kept.length >= 1, `stable tags kept: ${kept.join(', ')}`)
      for (const tag of kept)
        assert.match(tag, /^image-size-budget\/(build|1):latest-[0-9a-f]{12}$/)
      const second = await runOnce()
      assert.ok(!second.some(l => l === `compiling-${nonce}`), 'the second run does not run it')
      assert.ok(second.some(l => / ---> Using cache/.test(l)))
      assert.deepEqual((await mine()).sort(), [...kept].sort())
    } finally {
      for (const key of ['DOCKER_HOST', 'DOCKER_BUILDKIT', 'DOCKER_CONFIG']) {
        if (saved[key] === undefined) Reflect.deleteProperty(process.env, key)
        else process.env[key] = saved[key]
      }
    }
  })
}
