/**
 * Fixes from the issue 10 fresh-user trial (/work/coord/trial-issue10.md) against the real
 * engine, through the action's source entry: B4 (an image new since the shared baseline report
 * runs without a baseline), B8 (an existing image of another platform is refused before the
 * first build, naming image and field), B2 (`targets` with a config file that names other bake
 * targets; buildx `bake --print` only, nothing built).
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import { parseInputs } from '../../src/inputs.ts'
import { runSpecOf } from '../../src/run.ts'
import { ENGINES_FILE, IN_CI } from '../helpers/engines.ts'
import { engineSize, LOCAL_BUSYBOX, makeContext } from '../helpers/docker.ts'
import { runAction, SRC_ENTRY } from '../helpers/runner.ts'

const dockerConfig = existsSync(ENGINES_FILE)
  ? (JSON.parse(readFileSync(ENGINES_FILE, 'utf8')) as { dockerConfig: string }).dockerConfig
  : undefined
const noBuildx =
  dockerConfig || IN_CI ? false : `${ENGINES_FILE} is missing: run scripts/engines.sh`

interface Entry {
  name: string
  platform: string
  final: { size: number }
  baseline?: { size: number }
}

describe('trial B4 and B8: baselines and existing images', () => {
  test('an image new since the baseline report: a warning, no baseline; the others compared', async () => {
    const size = await engineSize(LOCAL_BUSYBOX)
    const dir = await makeContext({
      'sizes.yml': `defaults:
  max-increase: 2%
  baseline-report: base.json
images:
  - name: api
    image: ${LOCAL_BUSYBOX}
  - name: newcomer
    image: ${LOCAL_BUSYBOX}
`
    })
    try {
      // The baseline: the run of main, which had api and worker but not newcomer.
      const platform = `linux/${process.arch === 'arm64' ? 'arm64' : 'amd64'}`
      await writeFile(
        `${dir}/main.yml`,
        `images:\n  - name: api\n    image: ${LOCAL_BUSYBOX}\n  - name: worker\n    image: ${LOCAL_BUSYBOX}\n`
      )
      const base = await runAction({ config: 'main.yml', report: 'base.json' }, {}, dir, SRC_ENTRY)
      assert.equal(base.exitCode, 0, base.stdout)
      const result = await runAction({ config: 'sizes.yml' }, {}, dir, SRC_ENTRY)
      assert.equal(result.exitCode, 0, result.stdout)
      const run = result.report as { images: Entry[]; passed: boolean }
      assert.deepEqual(
        run.images.map(e => [e.name, e.platform, e.final.size, e.baseline?.size]),
        [
          ['api', platform, size, size],
          ['newcomer', platform, size, undefined]
        ]
      )
      assert.match(
        result.stdout,
        /::warning::Input baseline-report: the report has no image named "newcomer".*New since that run\? newcomer \(linux\/[a-z0-9]+\) has no baseline in this run and max-increase is not checked\./
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('an existing image of another platform: refused before the first build, naming it', async () => {
    const dir = await makeContext({
      'a/Dockerfile': 'FROM scratch\nCOPY blob /blob\n',
      'a/blob': Buffer.alloc(1000, 1),
      'sizes.yml': `images:
  - name: web
    context: a
  - name: worker
    image: ${LOCAL_BUSYBOX}
    platforms: [linux/s390x]
`
    })
    try {
      const result = await runAction({ config: 'sizes.yml' }, {}, dir, SRC_ENTRY)
      assert.notEqual(result.exitCode, 0)
      assert.match(
        result.stdout,
        /Image worker \(linux\/s390x\): image: isb-local\/busybox:latest in the local engine is linux\/[a-z0-9]+, not linux\/s390x/
      )
      // Nothing was built.
      assert.doesNotMatch(result.stdout, /::group::Build/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('trial B2: targets and a config file of every image', { skip: noBuildx }, () => {
  test('config images outside `targets` are skipped; a name no target has is an error listing the real ones', async () => {
    const dir = await makeContext({
      'docker-bake.hcl': `group "default" { targets = ["api", "web"] }
target "api" { context = "a" }
target "web" { context = "a" }
target "extra" { context = "a" }
`,
      'a/Dockerfile': 'FROM scratch\nCOPY blob /blob\n',
      'all.yml': 'images:\n  - name: api\n    max-size: 1kB\n  - name: extra\n  - name: web\n',
      'typo.yml': 'images:\n  - name: apii\n'
    })
    const saved = { cwd: process.cwd(), config: process.env['DOCKER_CONFIG'] }
    process.chdir(dir)
    process.env['DOCKER_CONFIG'] = dockerConfig ?? ''
    const specOf = (values: Record<string, string>) => {
      const get = (name: string): string => values[name] ?? ''
      return runSpecOf(parseInputs(get), get, { workspace: dir })
    }
    try {
      const { spec } = await specOf({ bake: 'docker-bake.hcl', targets: 'web', config: 'all.yml' })
      assert.deepEqual(
        spec.images.map(i => i.name),
        ['web']
      )
      await assert.rejects(
        specOf({ bake: 'docker-bake.hcl', targets: 'web', config: 'typo.yml' }),
        /images\[0\] \(apii\): no bake target is named apii; the targets are api, web\./
      )
    } finally {
      process.chdir(saved.cwd)
      if (saved.config === undefined) delete process.env['DOCKER_CONFIG']
      else process.env['DOCKER_CONFIG'] = saved.config
      await rm(dir, { recursive: true, force: true })
    }
  })
})
