/**
 * Which Dockerfile line a max-increase breach is annotated on, through the whole pipeline with the
 * real engine: a baseline image, then a pull request that adds `RUN chmod +x /server` below the
 * unchanged COPY lines. The engine is the oracle for what changed: the two images' rootfs diff IDs
 * (`docker image inspect`) share every layer but the new RUN layer.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { detectEngine, type Engine } from '../../src/engine/detect.ts'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import type { Report } from '../../src/model.ts'
import { evaluate } from '../../src/pipeline.ts'
import { budgetAnnotations, largestAddedLayer } from '../../src/report/attribution.ts'
import { renderMarkdown } from '../../src/report/markdown.ts'
import {
  LOCAL_BUSYBOX,
  docker,
  makeContext,
  removeImages,
  uniqueTag,
  type TestBuilder
} from '../helpers/docker.ts'

const SERVER = 1_000_000
const DATA = 2_000_000

const BASE_DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'COPY server /server',
  'COPY data /data',
  ''
].join('\n')
// The pull request: one line more. Line 4 is the one to blame.
const HEAD_DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'COPY server /server',
  'COPY data /data',
  'RUN chmod +x /server',
  ''
].join('\n')

let engine: Engine
let dir: string
const BASELINE = uniqueTag('annotate-baseline')
const made: string[] = [BASELINE]
let report: Report

async function rootfs(ref: string, builder: TestBuilder): Promise<string[]> {
  const text = await docker(
    ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref],
    builder
  )
  return JSON.parse(text) as string[]
}

before(async () => {
  engine = await detectEngine({ log: silentLog })
  // Random bytes: the files and so the layers are this test's own. Mode 0644: chmod +x changes it.
  dir = await makeContext({
    server: randomBytes(SERVER),
    data: randomBytes(DATA),
    'Dockerfile.base': BASE_DOCKERFILE,
    Dockerfile: HEAD_DOCKERFILE
  })
  // The baseline from the same context and the same build path the pipeline takes, so the COPY
  // layers are byte for byte the same (same files, same mtimes).
  const builder: TestBuilder = engine.kind === 'classic' ? 'classic' : 'buildkit'
  await docker(['build', '-q', '-t', BASELINE, '-f', join(dir, 'Dockerfile.base'), dir], builder)
  const values: Record<string, string> = {
    context: dir,
    file: join(dir, 'Dockerfile'),
    'baseline-image': BASELINE,
    'max-increase': '500kB',
    compressed: 'none',
    // Kept so the engine can be asked about the head image; removed in `after`.
    'keep-images': 'true'
  }
  report = await evaluate(
    parseInputs(name => values[name] ?? ''),
    { log: silentLog, workspace: dir }
  )
  made.push(report.final.ref)
})

after(async () => {
  await removeImages(...made)
  await rm(dir, { recursive: true, force: true })
})

test('max-increase is annotated on the RUN the pull request added, not on the largest COPY', async () => {
  const builder: TestBuilder = engine.kind === 'classic' ? 'classic' : 'buildkit'
  // The oracle: the engine's diff IDs. The head image is the baseline plus exactly one layer.
  const baseLayers = await rootfs(BASELINE, builder)
  const headLayers = await rootfs(report.final.id, builder)
  assert.equal(headLayers.length, baseLayers.length + 1)
  assert.deepEqual(headLayers.slice(0, baseLayers.length), baseLayers)
  const added = headLayers[headLayers.length - 1]

  const failed = report.budgets.filter(b => !b.passed)
  assert.deepEqual(
    failed.map(b => b.name),
    ['max-increase']
  )
  const [only, ...rest] = budgetAnnotations(report)
  assert.equal(rest.length, 0)
  assert.ok(only)
  assert.equal(only.instruction.location.line, 4)
  assert.equal(only.instruction.keyword, 'RUN')
  assert.equal(only.instruction.args, 'chmod +x /server')
  // The layer blamed is the one the engine added: a copy-up of the 1,000,000-byte file.
  const blamed = report.final.layers.find(l => l.instruction?.location.line === 4)
  assert.equal(blamed?.diffId, added)
  assert.ok(blamed && blamed.size >= SERVER && blamed.size < SERVER + 10_000, `${blamed?.size}`)
  assert.match(only.message, /^RUN adds 1 MB \([\d,]+ bytes\), a layer the baseline does not have/)
  assert.equal(only.message.match(/max-increase/g)?.length, 1)
  // What the old rule picked: the layer adding most bytes overall, the unchanged COPY data.
  assert.equal(largestAddedLayer(report.final)?.instruction?.location.line, 3)
})

test('a baseline-report baseline is named by its path, not by the stage it was built from', async () => {
  // This run's report becomes the next run's baseline (the base branch's artifact).
  const path = join(dir, 'base-report.json')
  await writeFile(path, JSON.stringify(report))
  const values: Record<string, string> = {
    context: dir,
    file: join(dir, 'Dockerfile'),
    'baseline-report': path,
    compressed: 'none',
    'keep-images': 'true'
  }
  const next = await evaluate(
    parseInputs(name => values[name] ?? ''),
    { log: silentLog, workspace: dir }
  )
  made.push(next.final.ref)
  assert.equal(report.final.stage, '0', 'the earlier image was built from stage 0')
  assert.equal(next.baseline?.ref, path)
  const body = renderMarkdown(next)
  assert.ok(body.includes(`| baseline <code>${path}</code> |`), body)
  assert.ok(!body.includes('| baseline <code>0</code>'))
})

test('a base-ref baseline is named by its commit', async () => {
  const git = (cwd: string, ...args: string[]): Promise<string> =>
    promisify(execFile)('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'isb test',
        GIT_AUTHOR_EMAIL: 'isb@example.invalid',
        GIT_COMMITTER_NAME: 'isb test',
        GIT_COMMITTER_EMAIL: 'isb@example.invalid'
      }
    }).then(r => r.stdout.trim())
  const repo = await mkdtemp(join(tmpdir(), 'isb-annotate-repo-'))
  try {
    await cp(join(dir, 'server'), join(repo, 'server'))
    await cp(join(dir, 'data'), join(repo, 'data'))
    await writeFile(join(repo, 'Dockerfile'), BASE_DOCKERFILE)
    await git(repo, 'init', '-q', '-b', 'main')
    await git(repo, 'add', '.')
    await git(repo, 'commit', '-q', '-m', 'base')
    const baseSha = await git(repo, 'rev-parse', 'HEAD')
    await writeFile(join(repo, 'Dockerfile'), HEAD_DOCKERFILE)
    await git(repo, 'commit', '-q', '-am', 'chmod')
    const values: Record<string, string> = {
      context: repo,
      file: join(repo, 'Dockerfile'),
      baseline: 'base-ref',
      compressed: 'none'
    }
    const next = await evaluate(
      parseInputs(name => values[name] ?? ''),
      {
        log: silentLog,
        workspace: repo,
        event: {
          name: 'pull_request',
          payload: {
            pull_request: { number: 1, base: { sha: baseSha }, head: { sha: 'f'.repeat(40) } }
          }
        }
      }
    )
    assert.equal(next.baseline?.ref, `base commit ${baseSha}`)
    assert.ok(renderMarkdown(next).includes(`| baseline <code>base commit ${baseSha}</code> |`))
  } finally {
    await rm(repo, { recursive: true, force: true })
  }
})
