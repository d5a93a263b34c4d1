/**
 * `docker buildx bake --print` is the parser of bake files (HCL, JSON, compose): these tests run
 * the real buildx 0.13.1 plugin (the v28 CLI with `DOCKER_CONFIG` from engines.json) on one file
 * of each kind and check the image specs. `--print` builds nothing.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ENGINES_FILE, IN_CI } from '../helpers/engines.ts'
import { makeContext } from '../helpers/docker.ts'
import { bakeImageSpecs, bakePrint } from '../../src/spec/bake.ts'

const CLI = '/usr/local/bin/docker'
const dockerConfig = existsSync(ENGINES_FILE)
  ? (JSON.parse(readFileSync(ENGINES_FILE, 'utf8')) as { dockerConfig: string }).dockerConfig
  : undefined
const skip = dockerConfig || IN_CI ? false : `${ENGINES_FILE} is missing: run scripts/engines.sh`
const noInputs = (): string => ''

describe('bake --print with buildx 0.13.1', { skip }, () => {
  let dir = ''
  const env = (): Record<string, string> => ({ DOCKER_CONFIG: dockerConfig ?? '', ROOT: dir })

  before(async () => {
    dir = await makeContext({
      // Variables (ROOT from the environment, TAG's default), inherits and a group: bake resolves them.
      'docker-bake.hcl': `variable "ROOT" { default = "." }
variable "TAG" { default = "dev" }
group "default" { targets = ["app", "worker"] }
target "common" { args = { GO_VERSION = "1.19" } }
target "app" {
  inherits = ["common"]
  context = "\${ROOT}/app"
  target = "final"
  platforms = ["linux/amd64", "linux/arm64"]
  tags = ["acme/app:\${TAG}"]
}
target "worker" {
  inherits = ["common"]
  context = "\${ROOT}/worker"
  dockerfile = "worker.Dockerfile"
}
target "extra" { context = "\${ROOT}/app" }
`,
      'docker-bake.json': JSON.stringify({
        target: {
          web: { context: 'web', args: { A: '1', B: null }, platforms: ['linux/arm64'] }
        }
      }),
      'compose.yaml': `services:
  api:
    build:
      context: ./api
      dockerfile: api.Dockerfile
      target: runtime
      args: [NODE_ENV=production]
      tags: [acme/api:latest]
  db:
    image: postgres:16
`
    })
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('HCL: variables, inherits, the default group; named targets', async () => {
    const file = join(dir, 'docker-bake.hcl')
    const definition = await bakePrint({ docker: CLI, files: [file], env: env() })
    const specs = bakeImageSpecs(definition, { files: [file], get: noInputs })
    assert.deepEqual(
      specs.map(s => s.name),
      ['app', 'worker']
    )
    assert.deepEqual(specs[0]?.build, {
      context: `${dir}/app`,
      file: `${dir}/app/Dockerfile`,
      target: 'final',
      buildArgs: { GO_VERSION: '1.19' },
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: ['acme/app:dev'],
      bake: { files: [file], target: 'app' }
    })
    assert.equal(specs[1]?.build.file, `${dir}/worker/worker.Dockerfile`)

    const named = await bakePrint({
      docker: CLI,
      files: [file],
      targets: ['extra', 'worker'],
      env: env()
    })
    assert.deepEqual(
      bakeImageSpecs(named, { files: [file], get: noInputs }).map(s => s.name),
      ['extra', 'worker']
    )
  })

  test('JSON: null build args dropped, platforms kept', async () => {
    const file = join(dir, 'docker-bake.json')
    // No `default` group: bake needs the targets named.
    await assert.rejects(
      bakePrint({ docker: CLI, files: [file], env: env() }),
      /^Error: Input bake: docker buildx bake --print .* failed: ERROR: failed to find target default$/
    )
    const definition = await bakePrint({ docker: CLI, files: [file], targets: ['web'], env: env() })
    const [web] = bakeImageSpecs(definition, { files: [file], get: noInputs })
    assert.equal(web?.name, 'web')
    assert.deepEqual(web?.build.buildArgs, { A: '1' })
    assert.deepEqual(web?.build.platforms, ['linux/arm64'])
  })

  test('compose: services with a build are targets; the Dockerfile joins the context', async () => {
    const file = join(dir, 'compose.yaml')
    const specs = bakeImageSpecs(await bakePrint({ docker: CLI, files: [file], env: env() }), {
      files: [file],
      get: noInputs
    })
    assert.deepEqual(
      specs.map(s => s.name),
      ['api']
    )
    // buildx 0.13.1 prints (and builds) a compose context relative to the working directory.
    assert.equal(specs[0]?.build.context, 'api')
    assert.equal(specs[0]?.build.file, 'api/api.Dockerfile')
    assert.equal(specs[0]?.build.target, 'runtime')
    assert.deepEqual(specs[0]?.build.buildArgs, { NODE_ENV: 'production' })
    assert.deepEqual(specs[0]?.build.tags, ['acme/api:latest'])
  })

  test('errors: an unknown target, a bad target name, no buildx plugin', async () => {
    const file = join(dir, 'docker-bake.hcl')
    await assert.rejects(
      bakePrint({ docker: CLI, files: [file], targets: ['nope'], env: env() }),
      /^Error: Input bake: docker buildx bake --print .* failed: ERROR: failed to find target nope$/
    )
    await assert.rejects(
      bakePrint({ docker: CLI, files: [file], targets: ['--push'], env: env() }),
      /^Error: Input targets: "--push" is not a bake target name/
    )
    await assert.rejects(
      bakePrint({ docker: CLI, files: [file], env: { DOCKER_CONFIG: join(dir, 'no-plugins') } }),
      /^Error: Input bake: needs the docker buildx plugin/
    )
  })
})
