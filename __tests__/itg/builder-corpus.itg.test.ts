/**
 * The builder-choice corpus (`__tests__/fixtures/dockerfiles/`) built with the real engine through
 * the pipeline (`evaluate`, as the action and the CLI run it): every case that builds here (local
 * base images through build args) must choose the builder a person would choose, and the final
 * image must not be larger than it (`saved` ≥ 0). Where a case gives byte figures, they are the
 * sizes of the files its RUNs write, so the bytes credited to each candidate must equal them: the
 * engine's own layer sizes are the oracle.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { after, describe, test } from 'node:test'
import { docker } from '../helpers/docker.ts'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import { evaluate } from '../../src/pipeline.ts'
import { loadCorpus, type CorpusCase } from '../fixtures/dockerfiles/corpus.ts'

// The engine is chosen per case through the CLI (below), not by the caller's environment.
delete process.env['DOCKER_BUILDKIT']

/** The v28 CLI without buildx builds with the classic builder; the 20.10 CLI with BuildKit. */
const CLI_FOR = { classic: 'docker', buildkit: '/usr/bin/docker' } as const

// Slow cases (a 460 MB golang builder) run in CI's slow pass only.
const slow = process.env['ISB_SLOW_TESTS'] === '1'
const buildable = loadCorpus().filter(c => c.expected.build && (slow || !c.expected.build.slow))
const tags = new Set<string>()

/** Tags this run's builds made for `c` (the pipeline's tags end with a hash of the file path). */
async function tagsOf(c: CorpusCase): Promise<string[]> {
  const project = createHash('sha256').update(resolve(c.file)).digest('hex').slice(0, 12)
  const out = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])
  return out.split('\n').filter(tag => tag.includes(project))
}

after(async () => {
  for (const tag of tags) await docker(['image', 'rm', tag]).catch(() => undefined)
})

// Four at a time: the builds are small, and most of the time is the engine's, not ours.
describe('builder corpus built with the real engine', { concurrency: 4 }, () => {
  test('at least 10 cases build here', () => {
    assert.ok(buildable.length >= 10, `${buildable.length} buildable cases`)
  })

  for (const c of buildable) {
    const build = c.expected.build as NonNullable<typeof c.expected.build>
    test(`${c.name} (${build.engine})`, async () => {
      const values: Record<string, string> = {
        context: c.dir,
        file: c.file,
        'build-args': Object.entries(build.buildArgs)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n'),
        compressed: 'none'
      }
      const inputs = parseInputs(name => values[name] ?? '')
      try {
        const report = await evaluate(inputs, { log: silentLog, docker: CLI_FOR[build.engine] })
        for (const ref of [report.final.ref, report.builder?.ref]) if (ref) tags.add(ref)
        assert.equal(report.build?.engine, build.engine, 'engine')
        const choice = report.stageChoice
        assert.ok(choice, 'a stage choice')
        assert.equal(choice.builder ?? null, c.expected.builder, `builder (${choice.reason})`)
        assert.deepEqual(choice.candidates, c.expected.candidates)
        if (c.expected.reason) assert.match(choice.reason, new RegExp(c.expected.reason))
        if (c.expected.builder === null) {
          assert.equal(report.builder, undefined)
          assert.equal(report.comparison, undefined)
          return
        }
        assert.equal(report.builder?.stage, c.expected.builder)
        assert.ok(report.comparison, 'a comparison with the builder')
        assert.ok(
          report.comparison.saved >= 0,
          `saved ${report.comparison.saved} B (final ${report.final.size} B, builder ${report.builder?.size} B)`
        )
        assert.ok(report.comparison.ratio <= 1)
        if (c.expected.bytes) {
          assert.deepEqual(choice.copiedBytes, c.expected.bytes.copiedBytes, 'bytes per candidate')
        }
      } finally {
        for (const tag of await tagsOf(c)) tags.add(tag)
      }
    })
  }
})
