/**
 * `baseline-image` from a real registry on loopback (Debian's docker-registry): the image is
 * pushed with skopeo, removed from the engine, pulled back by `measureBaselineImage`, and its
 * compressed sizes are checked against the registry manifest read here with plain fetch. Also:
 * index resolution (platform, attestation skipped) and the anonymous Bearer token flow against
 * distribution's token auth.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { measureBaselineImage } from '../../src/baseline/image.ts'
import { fetchRegistryManifest } from '../../src/baseline/registry.ts'
import { parseBaselineReport } from '../../src/baseline/report.ts'
import { detectEngine, type Engine } from '../../src/engine/detect.ts'
import { imageExists } from '../../src/engine/inspect.ts'
import { silentLog, type Log } from '../../src/log.ts'
import type { Report } from '../../src/model.ts'
import {
  LOCAL_BUSYBOX,
  buildImage,
  docker,
  engineSize,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import {
  type TestRegistry,
  copyBetweenRegistries,
  pushToRegistry,
  startRegistry
} from '../helpers/registry.ts'

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

interface PlainManifest {
  config: { digest: string; size: number }
  layers: { digest: string; size: number }[]
}

/** The manifest as the registry serves it, read without the code under test. */
async function plainManifest(
  host: string,
  repo: string,
  reference: string
): Promise<{ manifest: PlainManifest; digest: string }> {
  const response = await fetch(`http://${host}/v2/${repo}/manifests/${reference}`, {
    headers: { Accept: ACCEPT }
  })
  assert.equal(response.status, 200, `GET manifest ${repo}:${reference}`)
  const bytes = Buffer.from(await response.arrayBuffer())
  return {
    manifest: JSON.parse(bytes.toString()) as PlainManifest,
    digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  }
}

/** Logs warnings so a test can assert on them. */
function recordingLog(): Log & { warnings: string[] } {
  const warnings: string[] = []
  return { ...silentLog, warnings, warning: message => warnings.push(message) }
}

const IMAGE_A = uniqueTag('baseline-registry-a')
const IMAGE_B = uniqueTag('baseline-registry-b')
const REPO = 'isb-test/baseline'
let plain: TestRegistry
let token: TestRegistry
let engine: Engine
const pulled: string[] = []

before(async () => {
  engine = await detectEngine({ log: silentLog })
  // Two layers on top of busybox: 1,000,000 random bytes (compresses to about its size) and a
  // small text file.
  await buildImage({
    tag: IMAGE_A,
    dockerfile: [
      `FROM ${LOCAL_BUSYBOX}`,
      'RUN head -c 1000000 /dev/urandom > /random.bin',
      'RUN echo baseline > /hello.txt'
    ].join('\n')
  })
  await buildImage({
    tag: IMAGE_B,
    dockerfile: [`FROM ${LOCAL_BUSYBOX}`, 'RUN echo other > /other.txt'].join('\n')
  })
  plain = await startRegistry()
  token = await startRegistry({ tokenAuth: true })
  await pushToRegistry(IMAGE_A, `${plain.host}/${REPO}:v1`)
})

after(async () => {
  await removeImages(IMAGE_A, IMAGE_B, ...pulled)
  await plain?.stop()
  await token?.stop()
})

describe('measureBaselineImage from a registry', () => {
  it('pulls a missing image and takes exact compressed sizes from the manifest', async () => {
    // Into the plain registry from the engine, then as-is (same blobs and digests) into the one
    // behind token auth, which the baseline is pulled from.
    const ref = `${token.host}/${REPO}:v1`
    pulled.push(ref)
    await copyBetweenRegistries(`${plain.host}/${REPO}:v1`, ref)
    const { manifest, digest } = await plainManifest(plain.host, REPO, 'v1')
    const localId = (await docker(['image', 'inspect', '--format', '{{.Id}}', IMAGE_A])).trim()
    await removeImages(IMAGE_A)
    assert.equal(await imageExists(engine, ref), false, 'the baseline is not in the engine')

    token.tokenRequests.length = 0
    const log = recordingLog()
    const measured = await measureBaselineImage(ref, {
      engine,
      platform: 'linux/amd64',
      compress: true,
      log
    })
    assert.deepEqual(log.warnings, [])
    assert.equal(await imageExists(engine, ref), true, 'docker pull brought it back')

    const layerSizes = manifest.layers.map(layer => layer.size)
    const sum = layerSizes.reduce((a, b) => a + b, 0)
    assert.equal(manifest.layers.length, 3)
    assert.equal(measured.compressed?.size, sum)
    assert.equal(measured.compressed?.exact, true)
    // The gzip -6 estimate is kept beside the exact size, to compare with estimated images.
    const estimate = measured.compressed?.estimate
    assert.ok(
      estimate !== undefined && Math.abs(estimate - sum) / sum < 0.1,
      `estimate ${estimate} vs ${sum}`
    )
    assert.deepEqual(
      measured.layers.map(layer => layer.compressedSize),
      layerSizes
    )
    const viaToken = await fetchRegistryManifest(ref, { platform: 'linux/amd64' })
    assert.equal(viaToken.digest, digest, 'the token registry serves the same manifest')
    // The random layer compresses to about its size: > 1,000,000 bytes of gzip.
    assert.ok((layerSizes[1] ?? 0) > 1_000_000, `random layer ${layerSizes[1]}`)
    // Measured like any image: the engine's size, the same image ID as before the push.
    assert.equal(measured.size, await engineSize(ref))
    assert.equal(measured.id, localId)
    assert.equal(measured.id, manifest.config.digest)
    assert.equal(measured.layers.length, 3)
    assert.equal(measured.platform, 'linux/amd64')

    // The anonymous token flow ran: our token server was asked for a pull scope.
    assert.ok(
      token.tokenRequests.some(
        url =>
          url.searchParams.get('service') === 'isb-test-registry' &&
          url.searchParams.get('scope') === `repository:${REPO}:pull`
      ),
      token.tokenRequests.map(String).join('\n')
    )

    // The measurement fits in a report that validates against the schema.
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'image-size-budget', version: '0.0.0-test' },
      createdAt: new Date().toISOString(),
      final: measured,
      baseline: measured,
      budgets: [],
      passed: true
    }
    assert.deepEqual(
      parseBaselineReport(JSON.stringify(report), 'test report').baseline,
      JSON.parse(JSON.stringify(measured))
    )
  })

  it('measures an image already in the engine without pulling or asking the registry', async () => {
    const ref = `${token.host}/${REPO}:v1`
    assert.equal(await imageExists(engine, ref), true)
    token.tokenRequests.length = 0
    const measured = await measureBaselineImage(ref, {
      engine,
      platform: 'linux/amd64',
      compress: false,
      log: silentLog
    })
    assert.equal(measured.compressed, undefined, 'no registry sizes, no estimate asked for')
    assert.equal(measured.size, await engineSize(ref))
    assert.deepEqual(token.tokenRequests, [])
  })

  it('fails naming the input and the reference when the pull fails', async () => {
    const ref = `${plain.host}/${REPO}:no-such-tag`
    await assert.rejects(
      measureBaselineImage(ref, {
        engine,
        platform: 'linux/amd64',
        compress: false,
        log: silentLog
      }),
      (error: Error) =>
        error.message.startsWith(
          `Input baseline-image: "${ref}" is not in the local engine and docker pull failed:`
        ) && /manifest unknown|not found/i.test(error.message)
    )
  })
})

describe('fetchRegistryManifest', () => {
  it('resolves an OCI index to the platform, skipping the attestation manifest', async () => {
    // Image A may have left the engine (first test); it is in the registry.
    await copyBetweenRegistries(`${plain.host}/${REPO}:v1`, `${plain.host}/${REPO}:oci-a`, 'oci')
    await pushToRegistry(IMAGE_B, `${plain.host}/${REPO}:oci-b`, 'oci')
    const a = await plainManifest(plain.host, REPO, 'oci-a')
    const b = await plainManifest(plain.host, REPO, 'oci-b')
    const descriptor = (d: string): { mediaType: string; digest: string; size: number } => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d,
      size: 0
    })
    // Sizes of the manifests themselves, as an index lists them.
    const sizeOf = async (reference: string): Promise<number> =>
      Number(
        (
          await fetch(`http://${plain.host}/v2/${REPO}/manifests/${reference}`, {
            method: 'HEAD',
            headers: { Accept: ACCEPT }
          })
        ).headers.get('content-length')
      )
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          ...descriptor(b.digest),
          size: await sizeOf(b.digest),
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: {
            'vnd.docker.reference.digest': a.digest,
            'vnd.docker.reference.type': 'attestation-manifest'
          }
        },
        {
          ...descriptor(b.digest),
          size: await sizeOf(b.digest),
          platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }
        },
        {
          ...descriptor(a.digest),
          size: await sizeOf(a.digest),
          platform: { os: 'linux', architecture: 'amd64' }
        }
      ]
    }
    const body = Buffer.from(JSON.stringify(index))
    const put = await fetch(`http://${plain.host}/v2/${REPO}/manifests/multi`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' },
      body
    })
    assert.equal(put.status, 201, await put.text())
    const indexDigest = `sha256:${createHash('sha256').update(body).digest('hex')}`

    const amd64 = await fetchRegistryManifest(`${plain.host}/${REPO}:multi`, {
      platform: 'linux/amd64'
    })
    assert.equal(amd64.digest, a.digest)
    assert.equal(amd64.indexDigest, indexDigest)
    assert.equal(amd64.platform, 'linux/amd64')
    assert.equal(
      (await fetchRegistryManifest(`${plain.host}/${REPO}:multi`, { platform: 'linux/arm64' }))
        .platform,
      'linux/arm64/v8'
    )
    assert.equal(amd64.mediaType, 'application/vnd.oci.image.manifest.v1+json')
    assert.deepEqual(amd64.config, {
      digest: a.manifest.config.digest,
      size: a.manifest.config.size
    })
    assert.deepEqual(
      amd64.layers.map(l => [l.digest, l.size]),
      a.manifest.layers.map(l => [l.digest, l.size])
    )

    const arm64 = await fetchRegistryManifest(`${plain.host}/${REPO}:multi`, {
      platform: 'linux/arm64'
    })
    assert.equal(arm64.digest, b.digest, 'linux/arm64 matches the v8 entry')

    // By digest: the index digest resolves the same way, verified against the bytes.
    const byDigest = await fetchRegistryManifest(`${plain.host}/${REPO}@${indexDigest}`, {
      platform: 'linux/amd64'
    })
    assert.equal(byDigest.digest, a.digest)

    await assert.rejects(
      fetchRegistryManifest(`${plain.host}/${REPO}:multi`, { platform: 'linux/s390x' }),
      new RegExp(
        `^Error: image ${plain.host}/${REPO}:multi \\(registry ${plain.host}\\): no manifest for platform linux/s390x; platforms present: linux/arm64/v8, linux/amd64$`
      )
    )
  })

  it('says "not found" for an unknown tag, with the registry error code', async () => {
    await assert.rejects(
      fetchRegistryManifest(`${token.host}/${REPO}:missing`, { platform: 'linux/amd64' }),
      /registry 127\.0\.0\.1:\d+\): not found \(HTTP 404 MANIFEST_UNKNOWN from http:\/\/127\.0\.0\.1:\d+\/v2\/isb-test\/baseline\/manifests\/missing\)/
    )
  })

  it('says when nothing answers', async () => {
    // A port nothing listens on: the plain registry's, after a stop would race; use port 9 (discard),
    // closed on loopback here.
    await assert.rejects(
      fetchRegistryManifest('127.0.0.1:9/x/y:z', { platform: 'linux/amd64', timeoutMs: 5000 }),
      /^Error: image 127\.0\.0\.1:9\/x\/y:z \(registry 127\.0\.0\.1:9\): no answer from http:\/\/127\.0\.0\.1:9\/v2\/x\/y\/manifests\/z/
    )
  })
})
