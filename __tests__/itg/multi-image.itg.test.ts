/**
 * One run, many images and platforms (issue 10), through the action's source entry
 * (`src/index.ts`, as a runner runs it) against the real engine: a config file of three images
 * (two Dockerfiles, one existing image) where one breaches its budget; the same as a bake file
 * built by one `docker buildx bake`; a `FROM scratch` + `COPY` image for linux/amd64 and
 * linux/arm64 with a per-platform budget; config errors reported before any build.
 *
 * Oracles: `docker image inspect` (`.Size`, `.Architecture`) of each entry's image ID, and the
 * exact bytes the Dockerfiles COPY.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { ENGINES_FILE, IN_CI } from '../helpers/engines.ts'
import { docker, engineSize, LOCAL_BUSYBOX, makeContext, removeImages } from '../helpers/docker.ts'
import { runAction, SRC_ENTRY, type RunnerResult } from '../helpers/runner.ts'

/** The buildx plugin for the v28 CLI (engines.json), for bake and platforms. */
const dockerConfig = existsSync(ENGINES_FILE)
  ? (JSON.parse(readFileSync(ENGINES_FILE, 'utf8')) as { dockerConfig: string }).dockerConfig
  : undefined
const noBuildx =
  dockerConfig || IN_CI ? false : `${ENGINES_FILE} is missing: run scripts/engines.sh`

interface Entry {
  name: string
  platform: string
  final: { id: string; ref: string; size: number; platform: string }
  builder?: { ref: string }
  budgets: { name: string; limit: number; actual: number; passed: boolean }[]
  passed: boolean
}
interface Run {
  schemaVersion: number
  images: Entry[]
  passed: boolean
}

/** Files of a context: `a` (busybox + 3,000,000 bytes), `b` (scratch + 1,000,000 bytes). */
const FILES = {
  'a/Dockerfile': `FROM ${LOCAL_BUSYBOX}\nARG BLOB=small.bin\nCOPY \${BLOB} /blob\n`,
  'a/small.bin': Buffer.alloc(3_000_000, 1),
  'a/big.bin': Buffer.alloc(4_000_000, 2),
  'b/Dockerfile': 'FROM scratch\nCOPY blob /blob\n',
  'b/blob': Buffer.alloc(1_000_000, 3)
}

const kept: string[] = []
after(() => removeImages(...kept))

/** Runs the action from source in `cwd` and returns the result and its run report. */
async function act(
  inputs: Record<string, string>,
  cwd: string,
  env: Record<string, string> = {}
): Promise<{ result: RunnerResult; run: Run }> {
  const result = await runAction({ 'keep-images': 'true', ...inputs }, env, cwd, SRC_ENTRY)
  const run = result.report as Run
  for (const entry of run?.images ?? []) {
    if (entry.final.ref.startsWith('image-size-budget/')) kept.push(entry.final.ref)
    if (entry.builder) kept.push(entry.builder.ref)
  }
  return { result, run }
}

/** `{name: [platform, size, passed]}` of a run's entries, and each size checked by the engine. */
async function checkedEntries(run: Run): Promise<Record<string, [string, number, boolean]>> {
  const out: Record<string, [string, number, boolean]> = {}
  for (const entry of run.images) {
    assert.equal(entry.platform, entry.final.platform)
    assert.equal(entry.final.size, await engineSize(entry.final.id), `${entry.name}: .Size`)
    out[`${entry.name} ${entry.platform}`] = [entry.platform, entry.final.size, entry.passed]
  }
  return out
}

describe('several images in one run (config file, classic builder)', () => {
  test('three images, one over its budget: the run fails naming it; sizes are the engine’s', async () => {
    const dir = await makeContext({
      ...FILES,
      'sizes.yml': `# yaml-language-server: $schema=../docs/config.schema.json
defaults:
  max-size: 10MB
images:
  - name: app
    context: a
    max-size: 5MB
  - name: static
    context: b
  - name: base
    image: ${LOCAL_BUSYBOX}
    max-size: 1MB
`
    })
    try {
      const { result, run } = await act({ config: 'sizes.yml' }, dir)
      assert.equal(result.exitCode, 1, result.stdout)
      assert.equal(run.schemaVersion, 2)
      assert.deepEqual(
        run.images.map(e => e.name),
        ['app', 'static', 'base']
      )
      const busybox = await engineSize(LOCAL_BUSYBOX)
      const entries = await checkedEntries(run)
      const platform = run.images[0]!.platform
      assert.deepEqual(entries, {
        [`app ${platform}`]: [platform, busybox + 3_000_000, true],
        [`static ${platform}`]: [platform, 1_000_000, true],
        [`base ${platform}`]: [platform, busybox, false]
      })
      assert.equal(run.passed, false)
      // The failure names the image and platform of the breach, and only that one.
      assert.match(
        result.stdout,
        new RegExp(`::error::Size budget exceeded \\(1\\):%0A- base \\(${platform}\\): final image`)
      )
      assert.doesNotMatch(result.stdout, /- (app|static) \(/)
      // results: one compact row per entry; no baseline, so no change.
      assert.deepEqual(
        (JSON.parse(result.outputs.results!) as { name: string; size: number }[]).map(r => [
          r.name,
          r.size
        ]),
        [
          ['app', busybox + 3_000_000],
          ['static', 1_000_000],
          ['base', busybox]
        ]
      )
      assert.equal(result.outputs.passed, 'false')
      // Per-image outputs belong to runs of one image.
      assert.equal(result.outputs.size, undefined)
      for (const name of ['app', 'static', 'base']) assert.match(result.summary, new RegExp(name))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('config errors are reported before any build, naming the image and the field', async () => {
    const dir = await makeContext({
      ...FILES,
      '.github/image-size-budget.yml': `images:
  - name: app
    context: a
  - name: static
    context: b
    max-size: 30XB
    contxt: b
`
    })
    try {
      // The default config path, found in the workspace.
      const bad = await act({}, dir)
      assert.equal(bad.result.exitCode, 1)
      assert.match(bad.result.stdout, /images\[1\] \(static\)\.max-size: expected a size like 30MB/)
      assert.match(
        bad.result.stdout,
        /images\[1\] \(static\)\.contxt: unknown field \(did you mean context\?\)/
      )
      assert.doesNotMatch(bad.result.stdout, /::group::Build/)
      // Valid schema, but the second image's Dockerfile is missing: still before the first build.
      const missing = await act(
        { config: 'two.yml' },
        await addFile(
          dir,
          'two.yml',
          `images:
  - name: app
    context: a
  - name: static
    context: b
    file: b/Missing.Dockerfile
`
        )
      )
      assert.equal(missing.result.exitCode, 1)
      assert.match(
        missing.result.stdout,
        /::error::Image static: Input file: cannot read the Dockerfile "b\/Missing\.Dockerfile"/
      )
      assert.doesNotMatch(missing.result.stdout, /::group::Build/)
      // Image-level inputs beside a config file are refused, naming them.
      const clash = await act({ config: 'two.yml', 'max-size': '1MB' }, dir)
      assert.match(
        clash.result.stdout,
        /::error::Input max-size: a config file \(two\.yml\) describes the images/
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('bake and platforms (buildx 0.13.1, docker driver)', { skip: noBuildx }, () => {
  const env = (): Record<string, string> => ({ DOCKER_CONFIG: dockerConfig ?? '' })

  test('a bake file: three targets built in one bake, budgets from the config file', async () => {
    const dir = await makeContext({
      ...FILES,
      'docker-bake.hcl': `group "default" { targets = ["app", "app-big", "static"] }
target "app" { context = "a" }
target "app-big" {
  inherits = ["app"]
  args = { BLOB = "big.bin" }
}
target "static" { context = "b" }
`,
      'budgets.yml': `defaults:
  max-size: 10MB
images:
  - name: app-big
    max-size: 5MB
`
    })
    try {
      const { result, run } = await act(
        { bake: 'docker-bake.hcl', config: 'budgets.yml' },
        dir,
        env()
      )
      assert.equal(result.exitCode, 1, result.stdout)
      // One bake run built every final image.
      assert.equal(result.stdout.match(/::group::Bake /g)?.length, 1, result.stdout)
      assert.doesNotMatch(result.stdout, /::group::Build final/)
      const busybox = await engineSize(LOCAL_BUSYBOX)
      const platform = run.images[0]!.platform
      assert.deepEqual(await checkedEntries(run), {
        [`app ${platform}`]: [platform, busybox + 3_000_000, true],
        // Same Dockerfile and stage as app, another build arg: its own image and tag.
        [`app-big ${platform}`]: [platform, busybox + 4_000_000, false],
        [`static ${platform}`]: [platform, 1_000_000, true]
      })
      assert.notEqual(run.images[0]!.final.ref, run.images[1]!.final.ref)
      assert.match(result.stdout, /- app-big \(linux\/[a-z0-9]+\): final image/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('FROM scratch + COPY for linux/amd64 and linux/arm64, a budget per platform', async () => {
    const dir = await makeContext({
      'multi/Dockerfile': 'FROM scratch\nARG TARGETARCH\nCOPY blob-${TARGETARCH} /blob\n',
      'multi/blob-amd64': Buffer.alloc(1_000_000, 4),
      'multi/blob-arm64': Buffer.alloc(2_000_000, 5),
      'platforms.yml': `images:
  - name: multi
    context: multi
    platforms: [linux/amd64, linux/arm64]
    max-size: 3MB
    budgets-per-platform:
      linux/arm64:
        max-size: 1.5MB
`
    })
    try {
      const { result, run } = await act({ config: 'platforms.yml' }, dir, env())
      assert.equal(result.exitCode, 1, result.stdout)
      assert.deepEqual(await checkedEntries(run), {
        'multi linux/amd64': ['linux/amd64', 1_000_000, true],
        'multi linux/arm64': ['linux/arm64', 2_000_000, false]
      })
      for (const entry of run.images) {
        const arch = (
          await docker([
            'image',
            'inspect',
            '--format',
            '{{.Os}}/{{.Architecture}}',
            entry.final.id
          ])
        ).trim()
        assert.equal(arch, entry.platform)
      }
      assert.deepEqual(
        run.images.map(e => e.budgets.map(b => [b.name, b.limit, b.passed])),
        [[['max-size', 3_000_000, true]], [['max-size', 1_500_000, false]]]
      )
      assert.match(result.stdout, /- multi \(linux\/arm64\): final image 2 MB/)
      assert.doesNotMatch(result.stdout, /- multi \(linux\/amd64\)/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

/** Writes `text` to `dir/name` and returns `dir`. */
async function addFile(dir: string, name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text)
  return dir
}
