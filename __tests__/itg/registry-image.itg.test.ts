/**
 * `image:` naming a registry image that no engine holds: read from a loopback registry
 * (Debian's docker-registry) over the distribution API, no pull. Pushed the ways a workflow pushes:
 * `docker push` from Docker 20.10 (a schema 2 manifest) and `docker buildx build --push` with
 * provenance on Docker 26's containerd store (an OCI index with an attestation manifest, as
 * docker/build-push-action pushes by default).
 *
 * Oracles: the uncompressed size and diff IDs are what Docker 20.10's classic store reports after
 * `docker pull` of the same reference (pulled only after the measurement); the compressed size is
 * the sum of the layer descriptors of the platform's manifest, fetched here with plain `fetch`.
 * "No daemon copy": neither the reference nor the image's config digest is in the engine after
 * the measurement.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { promisify } from 'node:util'
import { after, before, test } from 'node:test'
import { main as cliMain } from '../../src/cli.ts'
import { detectEngine } from '../../src/engine/detect.ts'
import { imageExists } from '../../src/engine/inspect.ts'
import { resolveImageSource } from '../../src/image/registry-image.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { silentLog } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import { LOCAL_BUSYBOX, makeContext } from '../helpers/docker.ts'
import { type EnginePath, describeEnginePaths } from '../helpers/engines.ts'
import { type TestRegistry, startRegistry } from '../helpers/registry.ts'

const run = promisify(execFile)

let registry: TestRegistry
before(async () => {
  registry = await startRegistry()
})
after(async () => registry?.stop())

const DOCKERFILE = `FROM ${LOCAL_BUSYBOX}
RUN head -c 2000000 /dev/urandom > /blob && echo hi > /note
COPY a.txt /a.txt
`

/** The 20.10 CLI on the default socket: the oracle engine. */
async function docker20(args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCKER_HOST: 'unix:///var/run/docker.sock',
    DOCKER_BUILDKIT: '1'
  }
  delete env['DOCKER_CONFIG']
  return (await run('/usr/bin/docker', args, { env, maxBuffer: 16 << 20 })).stdout
}

async function cli(p: EnginePath, args: string[]): Promise<string> {
  return (await run(p.cli, args, { env: { ...process.env }, maxBuffer: 16 << 20 })).stdout
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

/** The linux/amd64 manifest of `repo:tag` in the test registry, by plain HTTP. */
async function platformManifest(
  repo: string,
  tag: string
): Promise<{ config: { digest: string }; layers: { size: number }[]; viaIndex: boolean }> {
  const get = async (ref: string): Promise<Record<string, unknown>> => {
    const r = await fetch(`http://${registry.host}/v2/${repo}/manifests/${ref}`, {
      headers: { Accept: ACCEPT }
    })
    assert.equal(r.status, 200)
    return (await r.json()) as Record<string, unknown>
  }
  const top = await get(tag)
  if (!Array.isArray(top['manifests'])) {
    return {
      ...(top as { config: { digest: string }; layers: { size: number }[] }),
      viaIndex: false
    }
  }
  const entries = top['manifests'] as { digest: string; platform?: { architecture: string } }[]
  const amd64 = entries.filter(e => e.platform?.architecture === 'amd64')
  assert.equal(amd64.length, 1)
  assert.ok(entries.length > 1, 'the index carries an attestation manifest besides the image')
  const m = await get((amd64[0] as { digest: string }).digest)
  return { ...(m as { config: { digest: string }; layers: { size: number }[] }), viaIndex: true }
}

/** Pushes the test image to `ref` the way `p` pushes: docker push, or buildx with provenance. */
async function push(p: EnginePath, ref: string): Promise<void> {
  const ctx = await makeContext({ Dockerfile: DOCKERFILE, 'a.txt': 'a\n' })
  try {
    if (p.path === 'buildx') {
      await cli(p, [
        'buildx',
        'build',
        '--provenance=true',
        '--output',
        `type=image,name=${ref},push=true`,
        ctx
      ])
    } else {
      await cli(p, ['build', '-q', '-t', ref, ctx])
      await cli(p, ['push', '-q', ref])
    }
  } finally {
    await rm(ctx, { recursive: true, force: true })
  }
}

/** The test, on the engine and build path `p` pushes with. */
function registryImageTests(p: EnginePath): void {
  test(`pushed with ${p.path === 'buildx' ? 'buildx --push (provenance on)' : 'docker push'}: sizes as the engine, compressed as the manifest (${p.label})`, async () => {
    const repo = `isb/registry-image-${p.engine.name}`
    const tag = Math.random().toString(36).slice(2, 10)
    const ref = `${registry.host}/${repo}:${tag}`
    await push(p, ref)
    // Nothing of it stays in the engine under test: the measurement must come from the registry.
    await cli(p, ['image', 'rm', '-f', ref]).catch(() => undefined)

    const log = silentLog
    const engine = await detectEngine({ log })
    const source = await resolveImageSource(parseImageSource(ref, 'image'), engine, 'image', log)
    assert.deepEqual(source, { transport: 'docker', ref })
    const measured = await measureImage(source, { engine, compress: true, waste: true, log })

    const manifest = await platformManifest(repo, tag)
    assert.equal(manifest.viaIndex, p.path === 'buildx')
    assert.equal(measured.id, manifest.config.digest)
    assert.equal(measured.ref, ref)
    assert.equal(measured.platform, 'linux/amd64')
    assert.deepEqual(measured.compressed, {
      size: manifest.layers.reduce((sum, l) => sum + l.size, 0),
      exact: true
    })
    assert.deepEqual(
      measured.layers.map(l => l.compressedSize),
      manifest.layers.map(l => l.size)
    )
    assert.equal(measured.waste?.removableBytes, 0)
    assert.equal(await imageExists(engine, ref), false, 'no daemon copy of the reference')
    assert.equal(await imageExists(engine, measured.id), false, 'no daemon copy of the image')

    // The oracle: Docker 20.10's classic store after a real pull of the same reference.
    await docker20(['pull', '-q', ref])
    try {
      const [size, layers] = (
        await docker20(['image', 'inspect', '--format', '{{.Size}} {{json .RootFS.Layers}}', ref])
      )
        .trim()
        .split(' ')
      assert.equal(measured.size, Number(size))
      assert.deepEqual(
        measured.layers.map(l => l.diffId),
        JSON.parse(layers as string)
      )
      assert.ok(measured.size > 2_000_000)
    } finally {
      await docker20(['image', 'rm', ref]).catch(() => undefined)
    }
  })
}

// docker/build-push-action on the runners' engines: plain `docker push` (schema 2 manifest) and,
// on the containerd store, buildx's default provenance (an index with an attestation manifest;
// the docker driver on the classic store refuses attestations).
describeEnginePaths(
  'image: a registry image, no daemon copy',
  { engines: ['docker20-classic'], paths: ['buildkit'] },
  registryImageTests
)
describeEnginePaths(
  'image: a registry image, no daemon copy',
  { engines: ['docker26-containerd'], paths: ['buildx'] },
  registryImageTests
)

test('the CLI measures docker://REF with no engine at all (docker20-classic push)', async () => {
  const ref = `${registry.host}/isb/registry-image-cli:${Math.random().toString(36).slice(2, 10)}`
  await docker20(['tag', LOCAL_BUSYBOX, ref])
  await docker20(['push', '-q', ref])
  await docker20(['image', 'rm', ref])
  const chunks: string[] = []
  const out = { write: (c: string) => chunks.push(c) } as unknown as NodeJS.WritableStream
  const code = await cliMain(
    [
      '--image',
      `docker://${ref}`,
      '--json',
      '--report',
      `/tmp/isb-registry-cli-${process.pid}.json`,
      // No engine: a docker CLI that does not exist must not be needed.
      '--docker',
      '/nonexistent/docker'
    ],
    out
  )
  await rm(`/tmp/isb-registry-cli-${process.pid}.json`, { force: true })
  assert.equal(code, 0)
  // Schema 2: one entry per image and platform; this run measures one image.
  const report = (
    JSON.parse(chunks.join('')) as {
      images: {
        final: { size: number; compressed: { exact: boolean; size: number }; ref: string }
      }[]
    }
  ).images[0]!
  const busyboxSize = Number(
    (await docker20(['image', 'inspect', '--format', '{{.Size}}', LOCAL_BUSYBOX])).trim()
  )
  assert.equal(report.final.size, busyboxSize)
  assert.equal(report.final.compressed.exact, true)
  assert.equal(report.final.ref, ref)
})
