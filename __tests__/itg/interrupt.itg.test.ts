/**
 * An interrupted run (Ctrl-C, a cancelled workflow run: SIGINT or SIGTERM to the process group)
 * leaves none of its temporary directories behind and exits as a shell reports the signal
 * (130, 143). The bundled CLI runs in a process group of its own with a TMPDIR of its own,
 * building (BuildKit, Docker 20.10) a stage that sleeps, and is signalled mid-build.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { LOCAL_BUSYBOX, makeContext } from '../helpers/docker.ts'
import { CLI } from '../helpers/runner.ts'

const NODE = process.execPath

let context = ''
before(async () => {
  const nonce = Math.random().toString(36).slice(2)
  context = await makeContext({
    Dockerfile: [
      `FROM ${LOCAL_BUSYBOX} AS build`,
      `RUN echo ${nonce} && sleep 60`,
      `FROM ${LOCAL_BUSYBOX}`,
      'COPY --from=build /bin/busybox /copy',
      ''
    ].join('\n')
  })
})
after(async () => {
  if (context) await rm(context, { recursive: true, force: true })
})

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143]
] as const) {
  test(`${signal} mid-build: exit ${code}, no temporary directory left`, async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'isb-interrupt-'))
    try {
      const child = spawn(NODE, [CLI, '--context', context, '--docker', '/usr/bin/docker'], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TMPDIR: tmp, DOCKER_BUILDKIT: '1', NODE_DISABLE_COMPILE_CACHE: '1' }
      })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
      let ended = false
      const exited = new Promise<number | null>(resolve =>
        child.on('exit', c => {
          ended = true
          resolve(c)
        })
      )
      // The final build is under way (it runs the 60-second step) once its --iidfile directory
      // exists; then wait a little, so the build is inside that step.
      const iidDir = async (): Promise<boolean> =>
        (await readdir(tmp)).some(entry => entry.startsWith('isb-iid-'))
      while (!ended && !(await iidDir())) await new Promise(resolve => setTimeout(resolve, 100))
      assert.ok(!ended, `the CLI ended before the build began:\n${output}`)
      await new Promise(resolve => setTimeout(resolve, 1500))
      assert.ok(await iidDir())
      // As a terminal or a runner does: the whole process group (the docker CLI too).
      process.kill(-(child.pid as number), signal)
      assert.equal(await exited, code)
      assert.deepEqual(
        (await readdir(tmp)).filter(entry => entry.startsWith('isb-')),
        [],
        output
      )
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  })
}
