/**
 * Which unix socket the Engine API is used on: the one the docker CLI talks to (DOCKER_HOST, then
 * DOCKER_CONTEXT, then config.json's currentContext). The context store is written by the real
 * docker CLI (`docker context create` / `docker context use`), and `docker context inspect` is
 * the oracle for the host each context names; our reader must find the same.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import {
  DEFAULT_SOCKET,
  apiMessage,
  endpointSettings,
  refPath,
  socketOf
} from '../../src/engine/engine-api.ts'
import { usesDefaultBuilder } from '../../src/engine/detect.ts'

const run = promisify(execFile)

describe('socketOf: the CLI endpoint precedence', () => {
  const cases: { name: string; settings: Parameters<typeof socketOf>[0]; socket?: string }[] = [
    { name: 'nothing set: the default socket', settings: {}, socket: DEFAULT_SOCKET },
    {
      name: 'DOCKER_HOST wins over DOCKER_CONTEXT',
      settings: { dockerHost: 'unix:///run/a.sock', dockerContext: 'b', contextHost: 'unix:///b' },
      socket: '/run/a.sock'
    },
    {
      name: 'DOCKER_CONTEXT wins over currentContext',
      settings: { dockerContext: 'b', currentContext: 'c', contextHost: 'unix:///run/b.sock' },
      socket: '/run/b.sock'
    },
    {
      name: 'currentContext default is the default socket',
      settings: { currentContext: 'default' },
      socket: DEFAULT_SOCKET
    },
    { name: 'a TCP host: the CLI only', settings: { dockerHost: 'tcp://127.0.0.1:2376' } },
    { name: 'an SSH host: the CLI only', settings: { dockerHost: 'ssh://me@host' } },
    { name: 'a context whose host is unknown: the CLI only', settings: { currentContext: 'x' } },
    { name: 'a relative unix path: the CLI only', settings: { dockerHost: 'unix://docker.sock' } }
  ]
  for (const c of cases) {
    test(c.name, () => assert.equal(socketOf(c.settings), c.socket))
  }
})

test('refPath keeps slashes and encodes the rest of a reference', () => {
  assert.equal(
    refPath('127.0.0.1:5000/isb-local/busybox:latest'),
    '127.0.0.1%3A5000/isb-local/busybox%3Alatest'
  )
  assert.equal(refPath('sha256:abc'), 'sha256%3Aabc')
  assert.equal(refPath('name@sha256:abc'), 'name%40sha256%3Aabc')
})

test("apiMessage: the daemon's message, else the body, else the status", () => {
  assert.equal(
    apiMessage({ status: 404, body: '{"message":"No such image: x"}\n' }),
    'No such image: x'
  )
  assert.equal(apiMessage({ status: 500, body: 'oops\n' }), 'oops')
  assert.equal(apiMessage({ status: 502, body: '' }), 'HTTP 502')
})

const CLI = '/usr/local/bin/docker'
describe(
  'endpointSettings reads the context store the docker CLI writes',
  { skip: !existsSync(CLI) && `${CLI} missing` },
  () => {
    let config: string
    const env = (): Record<string, string> => ({ DOCKER_CONFIG: config, HOME: config })
    const docker = async (args: string[], extra: Record<string, string> = {}): Promise<string> =>
      (await run(CLI, args, { env: { PATH: process.env['PATH'] ?? '', ...env(), ...extra } }))
        .stdout
    before(async () => {
      config = await mkdtemp(join(tmpdir(), 'isb-docker-config-'))
      await docker(['context', 'create', 'isb-a', '--docker', 'host=unix:///run/isb-a/docker.sock'])
      await docker(['context', 'create', 'isb-tcp', '--docker', 'host=tcp://127.0.0.1:2375'])
    })
    after(() => rm(config, { recursive: true, force: true }))

    /** The host `docker context inspect` names for a context: the oracle. */
    const hostOf = async (name: string): Promise<string> => {
      const [context] = JSON.parse(await docker(['context', 'inspect', name])) as {
        Endpoints: { docker: { Host: string } }
      }[]
      return context?.Endpoints.docker.Host ?? ''
    }

    test('no context chosen: the default socket', async () => {
      assert.equal(socketOf(await endpointSettings(env())), DEFAULT_SOCKET)
    })

    test('`docker context use`: currentContext and its meta.json host', async () => {
      await docker(['context', 'use', 'isb-a'])
      const settings = await endpointSettings(env())
      assert.equal(settings.currentContext, 'isb-a')
      assert.equal(settings.contextHost, await hostOf('isb-a'))
      assert.equal(socketOf(settings), '/run/isb-a/docker.sock')
    })

    test('DOCKER_CONTEXT over currentContext; a TCP context stays with the CLI', async () => {
      const settings = await endpointSettings({ ...env(), DOCKER_CONTEXT: 'isb-tcp' })
      assert.equal(settings.contextHost, await hostOf('isb-tcp'))
      assert.equal(socketOf(settings), undefined)
    })

    test('DOCKER_HOST over every context', async () => {
      const settings = await endpointSettings({ ...env(), DOCKER_HOST: 'unix:///run/x.sock' })
      assert.equal(socketOf(settings), '/run/x.sock')
    })
  }
)

describe('usesDefaultBuilder: buildx store written by the real buildx plugin', () => {
  const plugins = '/opt/isb-engines/docker-config/cli-plugins'
  const skip = !existsSync(join(plugins, 'docker-buildx')) && `no buildx plugin in ${plugins}`
  let config: string
  const env = (): Record<string, string> => ({ DOCKER_CONFIG: config, HOME: config })
  const docker = async (args: string[]): Promise<string> =>
    (await run(CLI, args, { env: { PATH: process.env['PATH'] ?? '', ...env() } })).stdout
  before(async () => {
    config = await mkdtemp(join(tmpdir(), 'isb-buildx-config-'))
    await symlink(plugins, join(config, 'cli-plugins'))
  })
  after(() => rm(config, { recursive: true, force: true }))

  test('no store yet: the default builder', { skip }, async () => {
    assert.equal(await usesDefaultBuilder(env()), true)
  })
  test(
    '`buildx create --use`: not the default; `buildx use default`: the default again',
    { skip },
    async () => {
      // A docker-container builder is only written to the store here, never started.
      await docker([
        'buildx',
        'create',
        '--name',
        'isb-unused',
        '--driver',
        'docker-container',
        '--use'
      ])
      assert.equal(await usesDefaultBuilder(env()), false)
      await docker(['buildx', 'use', 'default'])
      assert.equal(await usesDefaultBuilder(env()), true)
      await docker(['buildx', 'rm', 'isb-unused']).catch(() => undefined)
    }
  )
  test(
    '`buildx use --default X`, then `use default` for another endpoint: X, not the default (trial)',
    { skip },
    async () => {
      await docker(['buildx', 'create', '--name', 'isb-unused2', '--driver', 'docker-container'])
      await docker(['buildx', 'use', '--default', 'isb-unused2'])
      assert.equal(await usesDefaultBuilder(env()), false)
      await run(CLI, ['buildx', 'use', 'default'], {
        env: {
          PATH: process.env['PATH'] ?? '',
          ...env(),
          DOCKER_HOST: 'unix:///run/isb-elsewhere.sock'
        }
      }).catch(() => undefined)
      // `current` is now for the other endpoint; buildx falls back to the default it was given.
      assert.equal(await usesDefaultBuilder(env()), false)
      // For that other endpoint, `current` decides: the default builder.
      assert.equal(
        await usesDefaultBuilder({ ...env(), DOCKER_HOST: 'unix:///run/isb-elsewhere.sock' }),
        (await readFile(join(config, 'buildx', 'current'), 'utf8')).includes('isb-elsewhere')
      )
      await docker(['buildx', 'rm', 'isb-unused2']).catch(() => undefined)
      await rm(join(config, 'buildx', 'defaults'), { recursive: true, force: true })
      await rm(join(config, 'buildx', 'current'), { force: true })
    }
  )
  test('another docker context: not known to be the default builder', { skip }, async () => {
    assert.equal(await usesDefaultBuilder({ ...env(), DOCKER_CONTEXT: 'other' }), false)
    assert.equal(
      await usesDefaultBuilder({ ...env(), DOCKER_CONTEXT: 'other', DOCKER_HOST: 'unix:///x' }),
      true
    )
  })
  test(
    'BUILDX_CONFIG moves the store; an unreadable current file is not the default',
    { skip },
    async () => {
      const store = join(config, 'other-store')
      await mkdir(store)
      await writeFile(join(store, 'current'), 'not json')
      assert.equal(await usesDefaultBuilder({ ...env(), BUILDX_CONFIG: store }), false)
    }
  )
})
