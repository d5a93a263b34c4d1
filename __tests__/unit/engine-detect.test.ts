/**
 * Pure parts of engine detection added for issue 7's trial: the advice when the `builder` input
 * cannot be honoured (B5), where the docker CLI looks for the buildx plugin (which probe starts
 * beside `docker info`), and the classic store's built image ID taken as written (no look-up).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  builderInputError,
  buildxPluginPaths,
  decideEngine,
  type EngineProbe
} from '../../src/engine/detect.ts'
import { resolveBuiltImage } from '../../src/engine/inspect.ts'

const base: EngineProbe = {
  docker: 'docker',
  serverVersion: '20.10.24+dfsg1',
  osType: 'linux',
  cliBuildKit: true
}

describe('builderInputError', () => {
  const cases: { name: string; probe: Partial<EngineProbe>; fix: RegExp; not?: RegExp }[] = [
    {
      name: 'DOCKER_BUILDKIT=0 with buildx installed: unset it (trial B5)',
      probe: { envBuildKit: '0', buildx: { version: '0.13.1' } },
      fix: /DOCKER_BUILDKIT=0 in the environment.*\. Unset DOCKER_BUILDKIT \(buildx is installed.*or remove builder\.$/,
      not: /[Ii]nstall the buildx/
    },
    {
      name: 'DOCKER_BUILDKIT=false without buildx: unset it and install buildx',
      probe: { envBuildKit: 'false' },
      fix: /Unset DOCKER_BUILDKIT and install the buildx plugin \(docker\/setup-buildx-action\), or remove builder\.$/
    },
    {
      name: 'no buildx: install it',
      probe: { cliBuildKit: false },
      fix: /no buildx plugin.*\. Install the buildx plugin \(docker\/setup-buildx-action\) or remove builder\.$/,
      not: /Unset/
    },
    {
      name: 'buildx with the docker driver on a daemon without BuildKit',
      probe: { serverVersion: '18.03.1-ce', buildx: { version: '0.10.0', driver: 'docker' } },
      fix: /older than 18\.09.*\. Build on a daemon of 18\.09 or later, or remove builder\.$/,
      not: /[Ii]nstall the buildx/
    }
  ]
  for (const c of cases) {
    test(c.name, () => {
      const probe = { ...base, ...c.probe }
      const error = builderInputError('ci', probe, decideEngine(probe))
      assert.match(
        error.message,
        /^Input builder: "ci" names a buildx builder, but this run does not build with buildx: /
      )
      assert.match(error.message, c.fix)
      if (c.not) assert.doesNotMatch(error.message, c.not)
    })
  }
})

describe('buildxPluginPaths', () => {
  test('DOCKER_CONFIG first, then the system plugin directories', () => {
    assert.deepEqual(buildxPluginPaths({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' }), [
      '/cfg/cli-plugins/docker-buildx',
      '/usr/local/lib/docker/cli-plugins/docker-buildx',
      '/usr/local/libexec/docker/cli-plugins/docker-buildx',
      '/usr/lib/docker/cli-plugins/docker-buildx',
      '/usr/libexec/docker/cli-plugins/docker-buildx'
    ])
  })
  test('without DOCKER_CONFIG: ~/.docker', () => {
    assert.equal(
      buildxPluginPaths({ HOME: '/home/u' })[0],
      '/home/u/.docker/cli-plugins/docker-buildx'
    )
  })
})

describe('resolveBuiltImage', () => {
  const iid = `sha256:${'a'.repeat(64)}`
  test('classic store: the --iidfile ID is the image ID, no docker call', async () => {
    // A CLI that does not exist: any docker call would throw "Docker CLI not found".
    const engine = { docker: '/nonexistent/docker', env: {}, imageStore: 'classic' as const }
    assert.equal(await resolveBuiltImage(engine, iid, 'isb/x:1'), iid)
  })
  test('containerd store: looked up (here: the missing CLI is reported)', async () => {
    const engine = { docker: '/nonexistent/docker', env: {}, imageStore: 'containerd' as const }
    await assert.rejects(resolveBuiltImage(engine, iid, 'isb/x:1'), /Docker CLI not found/)
  })
})
