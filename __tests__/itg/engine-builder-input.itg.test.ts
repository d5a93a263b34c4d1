/**
 * Engine detection against the real Docker 20.10 daemon (docker20-classic) and Debian's buildx
 * 0.13.1 plugin, as the issue 7 trial ran it:
 *
 * - B4: a run that builds nothing (`image:` given, no builder-target) neither inspects nor starts
 *   the buildx builder the `builder` input or `BUILDX_BUILDER` names, so a builder that cannot
 *   start (a `docker-container` builder: no image can be pulled here, so its BuildKit never boots)
 *   does not stop the measurement of an existing image;
 * - B5: `builder` set with `DOCKER_BUILDKIT=0` while buildx is installed: the advice is to unset
 *   DOCKER_BUILDKIT (or remove builder), not to install buildx;
 * - which docker calls detection makes (through a wrapper that logs each call's arguments): only
 *   `docker info` when nothing is built; `docker info` and `DOCKER_BUILDKIT=1 docker build --help`
 *   for the 20.10 CLI without buildx (no `docker version`); no builder probe with DOCKER_BUILDKIT=0.
 *
 * The builder lives in a private copy of the engines' DOCKER_CONFIG, removed afterwards.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, describe, test } from 'node:test'
import { detectEngine } from '../../src/engine/detect.ts'
import { parseInputs } from '../../src/inputs.ts'
import { evaluate } from '../../src/pipeline.ts'
import { LOCAL_BUSYBOX, engineSize, makeContext } from '../helpers/docker.ts'
import { findEngine, missingEngineTest } from '../helpers/engines.ts'
import { recordingLog } from '../helpers/log.ts'

const run = promisify(execFile)

const ENGINE = 'docker20-classic'
/** The v28 CLI: it finds buildx through DOCKER_CONFIG (like GitHub's runners). */
const CLI = '/usr/local/bin/docker'
const BUILDER = `isb-b4-${Math.random().toString(36).slice(2, 8)}`

/** Sets `vars` in `process.env` (undefined: removed) for `fn`, then restores them. */
async function withEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map(k => [k, process.env[k]]))
  const set = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k)
      else process.env[k] = v
    }
  }
  set(vars)
  try {
    return await fn()
  } finally {
    set(saved)
  }
}

function inputs(values: Record<string, string>) {
  const all: Record<string, string> = { 'keep-images': 'false', ...values }
  return parseInputs(name => all[name] ?? '')
}

const engine = findEngine(ENGINE)
if (typeof engine === 'string') {
  missingEngineTest(`builder input when nothing is built on ${ENGINE}`, engine)
} else {
  describe(`builder input and detection probes on ${ENGINE}`, () => {
    let config: string
    let context: string
    let wrapperDir: string
    /** A DOCKER_CONFIG without the buildx plugin. */
    let noBuildx: string
    const base = { DOCKER_HOST: engine.host, BUILDX_BUILDER: undefined, DOCKER_BUILDKIT: undefined }

    before(async () => {
      // A private copy of the engines' DOCKER_CONFIG (buildx plugin), with a docker-container
      // builder that was never started and cannot be: its BuildKit image cannot be pulled here.
      config = await mkdtemp(join(tmpdir(), 'isb-b4-config-'))
      await cp(engine.dockerConfig, config, { recursive: true })
      await run(CLI, ['buildx', 'create', '--name', BUILDER, '--driver', 'docker-container'], {
        env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: engine.host }
      })
      context = await makeContext({ Dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN echo built > /f\n` })
      wrapperDir = await mkdtemp(join(tmpdir(), 'isb-probe-log-'))
      noBuildx = join(wrapperDir, 'config')
      await mkdir(noBuildx)
    })
    after(async () => {
      await run(CLI, ['buildx', 'rm', BUILDER], {
        env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: engine.host }
      }).catch(() => undefined)
      await Promise.all(
        [config, context, wrapperDir].map(d => d && rm(d, { recursive: true, force: true }))
      )
    })

    test('the builder really cannot start (the premise of the next tests)', async () => {
      await withEnv({ ...base, DOCKER_CONFIG: config }, async () => {
        await assert.rejects(
          detectEngine({ docker: CLI, builder: BUILDER, log: recordingLog() }),
          new RegExp(`buildx builder "${BUILDER}" \\(driver docker-container\\).*cannot start`)
        )
      })
    })

    for (const [how, extra, env] of [
      ['the builder input', { builder: BUILDER }, {}],
      ['BUILDX_BUILDER', {}, { BUILDX_BUILDER: BUILDER }]
    ] as const) {
      test(`B4: image given, builder named by ${how}: measured, no builder started`, async () => {
        const log = recordingLog()
        const report = await withEnv({ ...base, DOCKER_CONFIG: config, ...env }, () =>
          evaluate(inputs({ image: LOCAL_BUSYBOX, ...extra }), { docker: CLI, log })
        )
        assert.equal(report.final.size, await engineSize(LOCAL_BUSYBOX))
        assert.equal(report.passed, true)
        assert.ok(!log.groups.some(g => g.startsWith('Start buildx builder')), 'no bootstrap')
        assert.ok(log.lines.some(l => /this run builds nothing/.test(l)))
      })
    }

    test('B5: builder with DOCKER_BUILDKIT=0 while buildx is installed: unset DOCKER_BUILDKIT', async () => {
      await withEnv({ ...base, DOCKER_CONFIG: config, DOCKER_BUILDKIT: '0' }, async () => {
        await assert.rejects(
          evaluate(inputs({ context, builder: BUILDER }), { docker: CLI, log: recordingLog() }),
          (error: Error) => {
            assert.match(error.message, new RegExp(`^Input builder: "${BUILDER}" names a buildx`))
            assert.match(error.message, /DOCKER_BUILDKIT=0 in the environment/)
            assert.match(error.message, /Unset DOCKER_BUILDKIT \(buildx is installed/)
            assert.match(error.message, /or remove builder\.$/)
            assert.doesNotMatch(error.message, /Install the buildx plugin/)
            return true
          }
        )
      })
      // Without buildx the same input still says to install it.
      await withEnv({ ...base, DOCKER_CONFIG: noBuildx, DOCKER_BUILDKIT: '0' }, async () => {
        await assert.rejects(
          detectEngine({ docker: CLI, builder: BUILDER, log: recordingLog() }),
          /Unset DOCKER_BUILDKIT and install the buildx plugin/
        )
      })
    })

    /** Runs detection through a wrapper CLI that logs each call; the calls' argument lists. */
    async function probeCalls(
      cli: string,
      env: Record<string, string | undefined>,
      builds: boolean
    ): Promise<string[]> {
      const logFile = join(wrapperDir, `calls-${Math.random().toString(36).slice(2)}.txt`)
      const wrapper = join(wrapperDir, `docker-${Math.random().toString(36).slice(2)}`)
      await writeFile(wrapper, `#!/bin/sh\necho "$*" >> '${logFile}'\nexec '${cli}' "$@"\n`)
      await chmod(wrapper, 0o755)
      await writeFile(logFile, '')
      await withEnv({ ...base, ...env }, () =>
        detectEngine({ docker: wrapper, builds, log: recordingLog() })
      )
      return (await readFile(logFile, 'utf8')).split('\n').filter(Boolean).sort()
    }

    test('probes: only docker info when nothing is built (buildx installed)', async () => {
      assert.deepEqual(await probeCalls(CLI, { DOCKER_CONFIG: config }, false), [
        'info --format {{json .}}'
      ])
    })

    test('probes: the 20.10 CLI without buildx asks docker info and build --help, not version', async () => {
      assert.deepEqual(await probeCalls('/usr/bin/docker', { DOCKER_CONFIG: noBuildx }, true), [
        'build --help',
        'info --format {{json .}}'
      ])
    })

    test('probes: DOCKER_BUILDKIT=0 asks docker info only', async () => {
      assert.deepEqual(
        await probeCalls(CLI, { DOCKER_CONFIG: config, DOCKER_BUILDKIT: '0' }, true),
        ['info --format {{json .}}']
      )
    })

    test('probes: buildx installed, its default builder: docker info only (no buildx inspect)', async () => {
      assert.deepEqual(await probeCalls(CLI, { DOCKER_CONFIG: config }, true), [
        'info --format {{json .}}'
      ])
      const engine = await withEnv({ ...base, DOCKER_CONFIG: config }, () =>
        detectEngine({ docker: CLI, log: recordingLog() })
      )
      assert.equal(engine.kind, 'buildx')
      assert.equal(engine.builder, 'default')
      assert.equal(engine.builderDriver, 'docker')
      assert.match(engine.buildxVersion ?? '', /^0\.13\./)
    })

    test('probes: a builder named by BUILDX_BUILDER: docker info and buildx inspect', async () => {
      assert.deepEqual(
        await probeCalls(CLI, { DOCKER_CONFIG: config, BUILDX_BUILDER: 'default' }, true),
        ['buildx inspect', 'info --format {{json .}}']
      )
    })
  })
}
