/**
 * Read one image from any source — the local engine (`docker save`), a `docker save` or skopeo
 * archive, an OCI layout or OCI archive — in one streaming pass: config, per-layer sizes as the
 * engine counts them, diff IDs (verified), compressed sizes (exact from compressed blobs, else a
 * push-size estimate on request) and, on request, every layer's entries for the waste analysis.
 *
 * Nothing of a layer's content is held in memory: each blob streams through hashing, a
 * decompressor, the tar scan and the estimator with bounded buffers (see `./archive.ts`,
 * `./layer-blob.ts`, `./compress.ts`). Peak memory does not grow with image size, only with the
 * entries collected (metadata: a path and a size per file).
 */
import { spawn } from 'node:child_process'
import { apiStream } from '../engine/engine-api.ts'
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import { PassThrough } from 'node:stream'
import type { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { readLayoutArchive } from './archive.ts'
import { sniffBlob } from './layer-blob.ts'
import type { ArchiveContents } from './archive.ts'
import { archiveLayout, directoryLayout, readDockerSaveImage, readOciImage } from './layout.ts'
import type { ImageOptions, ImageRead } from './layout.ts'
import { parsePlatform, runnerPlatform } from './platform.ts'
import { readRegistryImage } from './registry-image.ts'
import { describeSource } from './source.ts'
import type { ImageSource } from './source.ts'

export type { ImageRead, LayerRead } from './layout.ts'

/** Options of {@link readImage}. */
export interface ReadOptions {
  /** Estimate the `docker push` (Go gzip) size of layers stored uncompressed (costs CPU: both cores). */
  compress: boolean
  /**
   * Return every layer's entries (for the waste analysis); `'details'`: with each entry's mode,
   * owner, mtime, the SHA-256 of each regular file and the package databases' text (for the file
   * analysis, src/analyze/), unless `IMAGE_SIZE_BUDGET_NO_FILE_HASH=1`.
   */
  collectEntries: boolean | 'details'
  /**
   * `os/architecture[/variant]` to read from a multi-platform OCI index; default the runner's
   * (`runnerPlatform`). When given, an image of another platform is an error.
   */
  platform?: string
  /** The docker CLI for `docker-daemon` sources (default `docker` on PATH). */
  docker?: string
  /** Extra environment for the docker CLI (e.g. `DOCKER_HOST`). */
  env?: Record<string, string>
  /**
   * The daemon's unix socket (`Engine.api`): `docker-daemon` sources are then streamed from the
   * Engine API's `GET /images/get` (the body `docker save` copies to its output) without the CLI.
   */
  api?: string
  /** `docker://` sources: registry hosts reached over plain HTTP besides loopback ones. */
  insecureHosts?: string[]
}

/**
 * Reads an image.
 *
 * - `docker-daemon:REF` (or a plain reference): streams `docker save REF`'s standard output; both
 *   layouts `docker save` writes are read (classic up to Docker 24; the OCI layout of Docker 25+,
 *   with uncompressed blobs from the graphdriver store or gzip/zstd blobs from the containerd
 *   store). The image is taken from `manifest.json`.
 * - `docker-archive:PATH[:REF]`: the same from a file (gzip- or zstd-compressed files too).
 * - `oci-archive:PATH[:TAG]`: a tar of an OCI layout, streamed; the manifest is chosen from
 *   `index.json` by tag and platform (attestation manifests skipped).
 * - `oci:DIR[:TAG]`: an OCI layout directory; only the chosen manifest's blobs are read.
 * - `docker://REF`: a registry image, its layer blobs streamed from the registry
 *   (`./registry-image.ts`); no engine involved.
 *
 * @returns the image: ID (config digest), platform, config, layers in manifest order, compressed
 *   size (see `ImageRead.compressed`), entries when asked for
 * @throws Error naming the source when: the image is not in the engine, the docker CLI is
 *   missing or fails, a file does not exist, an archive is truncated or not a tar, a manifest
 *   names a missing blob, a layer blob is not a (compressed) tar or is corrupt, a digest, size or
 *   diff ID does not match, or the platform asked for is not there.
 */
export async function readImage(source: ImageSource, opts: ReadOptions): Promise<ImageRead> {
  const label = describeSource(source)
  const image: ImageOptions = {
    platform: opts.platform !== undefined ? parsePlatform(opts.platform) : runnerPlatform(),
    explicitPlatform: opts.platform !== undefined,
    compress: opts.compress,
    collectEntries: opts.collectEntries
  }
  const archive = {
    label,
    collectEntries: opts.collectEntries,
    estimate: opts.compress ? {} : (false as const)
  }

  switch (source.transport) {
    case 'docker-daemon': {
      const contents = await dockerSave(source.ref, opts, archive)
      return readDockerSaveImage(archiveLayout(label, contents), image)
    }
    case 'docker':
      return readRegistryImage(source.ref, {
        platform: image.platform,
        explicitPlatform: image.explicitPlatform,
        compress: opts.compress,
        collectEntries: opts.collectEntries,
        insecureHosts: opts.insecureHosts
      })
    case 'docker-archive': {
      const contents = await readLayoutArchive(await openFile(source.path, label), archive)
      return readDockerSaveImage(archiveLayout(label, contents), { ...image, ref: source.ref })
    }
    case 'oci-archive': {
      const contents = await readLayoutArchive(await openFile(source.path, label), archive)
      return readOciImage(archiveLayout(label, contents), { ...image, tag: source.tag })
    }
    case 'oci': {
      const st = await stat(source.dir).catch(() => undefined)
      if (!st?.isDirectory())
        throw new Error(`${label}: ${source.dir} is not a directory (expected an OCI image layout)`)
      const layout = directoryLayout(label, source.dir, {
        blob: { collectEntries: opts.collectEntries, estimate: archive.estimate }
      })
      return readOciImage(layout, { ...image, tag: source.tag })
    }
  }
}

/**
 * Opens an archive file for streaming; a gzip- or zstd-compressed archive (`docker save | gzip`,
 * which `docker load` accepts too) is decompressed on the fly.
 * @throws Error naming the source when the file is missing or is not a regular file.
 */
async function openFile(path: string, label: string): Promise<Readable> {
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => err)
  if (st instanceof Error) {
    throw new Error(
      `${label}: cannot open ${path}: ${st.code === 'ENOENT' ? 'no such file' : st.message}`
    )
  }
  if (!st.isFile()) throw new Error(`${label}: ${path} is not a file (expected an image archive)`)
  const head = Buffer.alloc(4)
  const fh = await open(path)
  try {
    await fh.read(head, 0, 4, 0)
  } finally {
    await fh.close()
  }
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 })
  const kind = sniffBlob(head)
  if (kind !== 'gzip' && kind !== 'zstd') return file
  const inflate = kind === 'gzip' ? zlib.createGunzip() : zlib.createZstdDecompress()
  file.on('error', err => inflate.destroy(err))
  inflate.on('error', () => file.destroy())
  return file.pipe(inflate)
}

/**
 * `source` behind a read-ahead of up to 1 MiB, so the engine (a `docker save` pipe, the API's
 * response) waits less while a chunk is being scanned. An error of `source` ends it too.
 */
function readAhead(source: Readable): Readable {
  const buffered = new PassThrough({ highWaterMark: 1024 * 1024 })
  source.on('error', err => buffered.destroy(err))
  return source.pipe(buffered)
}

/** What `docker save` or the engine says of an image it does not hold (20.10, 26, 28). */
const SAVE_NOT_FOUND = /No such image|reference does not exist|not found/i

/** The error for an image the engine does not hold, with the engine's `message`. */
function saveNotFound(ref: string, message: string): Error {
  return new Error(`image "${ref}" was not found in the Docker engine (docker save: ${message})`)
}

/**
 * Streams `GET /images/get?names=REF` (what `docker save REF` writes) into the archive reader.
 * @throws Error when the socket cannot be reached, the image is not in the engine, the engine
 *   refuses, or the stream cannot be read.
 */
async function apiSave(
  socket: string,
  ref: string,
  archive: Parameters<typeof readLayoutArchive>[1]
): Promise<ArchiveContents> {
  let body: Awaited<ReturnType<typeof apiStream>>
  try {
    body = await apiStream(socket, `/images/get?names=${encodeURIComponent(ref)}`)
  } catch (error) {
    const status = (error as { status?: number }).status
    const msg = (error as Error).message
    if (status === 404 || SAVE_NOT_FOUND.test(msg)) throw saveNotFound(ref, msg)
    throw new Error(`docker save ${ref} failed: ${msg}`, { cause: error })
  }
  try {
    return await readLayoutArchive(readAhead(body), archive)
  } finally {
    // Stops the daemon's writing when the reader gave up early (an error, a bad archive).
    body.destroy()
  }
}

/**
 * Streams `docker save REF` into the archive reader.
 * @throws Error when the CLI cannot be started, the image is not in the engine, `docker save`
 *   fails, or its output cannot be read.
 */
async function dockerSave(
  ref: string,
  opts: ReadOptions,
  archive: Parameters<typeof readLayoutArchive>[1]
): Promise<ArchiveContents> {
  if (opts.api) return apiSave(opts.api, ref, archive)
  const docker = opts.docker ?? 'docker'
  const child = spawn(docker, ['save', ref], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env }
  })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 8192) stderr += c.toString()
  })
  const exited = new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    error?: NodeJS.ErrnoException
  }>(resolve => {
    child.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ code: null, signal: null, error })
    )
    child.on('close', (code, signal) => resolve({ code, signal }))
  })
  let contents: ArchiveContents | undefined
  let readError: unknown = new Error(`docker save ${ref}: no output was read`)
  let timer: NodeJS.Timeout | undefined
  try {
    contents = await readLayoutArchive(readAhead(child.stdout), archive)
    readError = undefined
  } catch (err) {
    readError = err
    // Close our end of the pipe: a docker save still writing stops on EPIPE; one that failed by
    // itself has already said why on stderr. Kill it only if it lingers.
    child.stdout.destroy()
    timer = setTimeout(() => child.kill(), 10_000)
  }
  const { code, signal, error } = await exited
  clearTimeout(timer)
  if (error) {
    if (error.code === 'ENOENT') {
      throw new Error(
        `docker save ${ref}: the Docker CLI "${docker}" was not found; install Docker or put its CLI on PATH`
      )
    }
    throw new Error(`docker save ${ref}: cannot run "${docker}": ${error.message}`, {
      cause: error
    })
  }
  const msg = stderr.trim()
  const stoppedByUs =
    readError !== undefined && (signal !== null || code === null || /broken pipe|EPIPE/i.test(msg))
  if (code !== 0 && !stoppedByUs) {
    if (SAVE_NOT_FOUND.test(msg)) throw saveNotFound(ref, msg)
    throw new Error(`docker save ${ref} failed (exit code ${String(code)}): ${msg || 'no message'}`)
  }
  if (readError !== undefined || !contents) throw readError
  return contents
}
