/**
 * Test helpers that drive the real Docker engine: build throw-away images from Dockerfile text,
 * read what the engine says about them, and clean up. No mocks: every call runs the docker CLI.
 *
 * Local base images (made by `scripts/make-base-images.sh`, which `.ci/run` runs first):
 * `isb-local/busybox:latest` and `isb-local/golang:1.19`.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const LOCAL_BUSYBOX = 'isb-local/busybox:latest'
export const LOCAL_GO = 'isb-local/golang:1.19'

/** The two build paths this machine can reach: the v28 CLI (classic builder) and BuildKit. */
export type TestBuilder = 'classic' | 'buildkit'

/** The docker CLI each path uses: `/usr/local/bin/docker` lacks buildx; `/usr/bin/docker` is 20.10. */
export function dockerFor(builder: TestBuilder): { bin: string; env: NodeJS.ProcessEnv } {
  return builder === 'buildkit'
    ? { bin: '/usr/bin/docker', env: { ...process.env, DOCKER_BUILDKIT: '1' } }
    : { bin: 'docker', env: { ...process.env, DOCKER_BUILDKIT: '0' } }
}

/** Runs `docker ARGS…` and returns stdout; throws with stderr on a non-zero exit. */
export async function docker(args: string[], builder: TestBuilder = 'classic'): Promise<string> {
  const { bin, env } = dockerFor(builder)
  const { stdout } = await run(bin, args, { env, maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

/** Writes `files` (relative path → content) into a new temporary directory and returns it. */
export async function makeContext(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'isb-ctx-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

/**
 * Builds `dockerfile` (text) with `files` as its context and tags it `tag`.
 * Returns the image ID (`sha256:…`). The context directory is removed afterwards.
 */
export async function buildImage(opts: {
  dockerfile: string
  tag: string
  files?: Record<string, string | Buffer>
  builder?: TestBuilder
  target?: string
  buildArgs?: Record<string, string>
}): Promise<string> {
  const dir = await makeContext({ ...opts.files, Dockerfile: opts.dockerfile })
  try {
    const args = ['build', '-q', '-t', opts.tag]
    if (opts.target) args.push('--target', opts.target)
    for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`)
    args.push(dir)
    await docker(args, opts.builder ?? 'classic')
    return (await docker(['image', 'inspect', '--format', '{{.Id}}', opts.tag])).trim()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** `docker image inspect --format '{{.Size}}'` as a number of bytes. */
export async function engineSize(ref: string): Promise<number> {
  return Number((await docker(['image', 'inspect', '--format', '{{.Size}}', ref])).trim())
}

/** The image's `rootfs.diff_ids` count. */
export async function engineLayerCount(ref: string): Promise<number> {
  const out = await docker(['image', 'inspect', '--format', '{{len .RootFS.Layers}}', ref])
  return Number(out.trim())
}

/** Removes images, ignoring ones already gone. */
export async function removeImages(...refs: string[]): Promise<void> {
  if (refs.length === 0) return
  await run('docker', ['image', 'rm', '-f', ...refs]).catch(() => undefined)
}

/** A unique tag for one test: `isb-test/<name>:<random>`. */
export function uniqueTag(name: string): string {
  return `isb-test/${name}:${Math.random().toString(36).slice(2, 10)}`
}
