/**
 * A real OCI registry on loopback for tests: Debian's `docker-registry` (distribution 2.8) with
 * filesystem storage in a temporary directory on 127.0.0.1:<free port>, optionally behind
 * distribution's token authentication with a token server of our own on 127.0.0.1 that grants
 * anonymous pull tokens (the flow Docker Hub uses). Images go in with `skopeo copy`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { X509Certificate, createPrivateKey, randomBytes, sign } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { type Server, createServer } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const REGISTRY_BIN = '/usr/bin/docker-registry'

/** A running registry. */
export interface TestRegistry {
  /** `127.0.0.1:PORT`, the registry part of image references. */
  host: string
  /** Token requests received (token auth only), as request URLs. */
  tokenRequests: URL[]
  /** Stops the registry (and token server) and removes its storage. */
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (bound then released; a small race, fine for tests). */
async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

/**
 * A token server for distribution's token auth (distribution `docs/spec/auth/jwt.md`): answers
 * `GET /token?service=…&scope=repository:NAME:pull` with an RS256 JWT whose `x5c` header carries
 * a self-signed certificate the registry trusts (`rootcertbundle`), granting the actions asked
 * for to anyone (a test registry: skopeo pushes through the same anonymous flow).
 */
async function startTokenServer(
  dir: string,
  service: string,
  issuer: string,
  requests: URL[]
): Promise<{ server: Server; realm: string; certPath: string }> {
  const keyPath = join(dir, 'token.key')
  const certPath = join(dir, 'token.crt')
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '2',
    '-subj',
    '/CN=isb-test-token'
  ])
  const key = createPrivateKey(await readFile(keyPath))
  const x5c = new X509Certificate(await readFile(certPath)).raw.toString('base64')
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    requests.push(url)
    if (url.pathname !== '/token') {
      res.writeHead(404).end()
      return
    }
    const access = url.searchParams.getAll('scope').flatMap(scope => {
      const m = /^repository:([^:]+):(.+)$/.exec(scope)
      return m ? [{ type: 'repository', name: m[1], actions: (m[2] as string).split(',') }] : []
    })
    const now = Math.floor(Date.now() / 1000)
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [x5c] }))
    const claims = base64url(
      JSON.stringify({
        iss: issuer,
        sub: '',
        aud: url.searchParams.get('service') ?? service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access
      })
    )
    const signature = base64url(sign('sha256', Buffer.from(`${header}.${claims}`), key))
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ token: `${header}.${claims}.${signature}`, expires_in: 300 }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, realm: `http://127.0.0.1:${port}/token`, certPath }
}

/**
 * Starts `docker-registry serve CONFIG` on 127.0.0.1 and waits until `/v2/` answers.
 * @param opts.tokenAuth put the registry behind token auth with an anonymous-pull token server.
 */
export async function startRegistry(opts: { tokenAuth?: boolean } = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'isb-registry-'))
  const port = await freePort()
  const host = `127.0.0.1:${port}`
  const tokenRequests: URL[] = []
  let tokenServer: Server | undefined
  let auth = ''
  if (opts.tokenAuth) {
    const service = 'isb-test-registry'
    const issuer = 'isb-test-issuer'
    const token = await startTokenServer(dir, service, issuer, tokenRequests)
    tokenServer = token.server
    auth = [
      'auth:',
      '  token:',
      `    realm: ${token.realm}`,
      `    service: ${service}`,
      `    issuer: ${issuer}`,
      `    rootcertbundle: ${token.certPath}`
    ].join('\n')
  }
  const config = join(dir, 'config.yml')
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      'http:',
      `  addr: ${host}`,
      auth,
      ''
    ].join('\n')
  )
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000))])
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
    const server = tokenServer
    if (server) await new Promise<void>(resolve => server.close(() => resolve()))
    await rm(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`docker-registry exited (${child.exitCode}): ${stderr}`)
    }
    const status = await fetch(`http://${host}/v2/`).then(
      r => r.status,
      () => 0
    )
    if (status === 200 || status === 401) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`docker-registry did not answer on ${host} within 15 s: ${stderr}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return { host, tokenRequests, stop }
}

/**
 * `skopeo copy --dest-tls-verify=false docker-daemon:IMAGE docker://DEST` (DEST without the
 * transport), as a Docker schema 2 manifest (the default) or an OCI manifest. Works with token
 * auth too: the test token server grants anonymous pushes.
 */
export async function pushToRegistry(
  image: string,
  dest: string,
  format: 'v2s2' | 'oci' = 'v2s2'
): Promise<void> {
  await run('skopeo', [
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    '--format',
    format,
    `docker-daemon:${image}`,
    `docker://${dest}`
  ])
}

/**
 * `skopeo copy docker://SRC docker://DEST` between registries: blobs are copied as they are (same
 * digests, no recompression); the manifest too, unless `format` converts it (`oci`: an OCI
 * manifest over the same blobs).
 */
export async function copyBetweenRegistries(
  src: string,
  dest: string,
  format?: 'v2s2' | 'oci'
): Promise<void> {
  await run('skopeo', [
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    ...(format ? ['--format', format] : []),
    `docker://${src}`,
    `docker://${dest}`
  ])
}
