/**
 * `parseClientInfo` (src/engine/detect.ts): what `docker info --format '{{json .}}'` says of the
 * CLI, which spares the `docker version` and `docker buildx version` probes. Fixtures are the
 * `ClientInfo` objects printed here by the 20.10.24 and 28.2.2 CLIs, with and without Debian's
 * buildx 0.13.1 plugin in `DOCKER_CONFIG/cli-plugins`.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseClientInfo } from '../../src/engine/detect.ts'

const BUILDX = {
  SchemaVersion: '0.1.0',
  Vendor: 'Docker Inc.',
  Version: '0.13.1+ds1',
  ShortDescription: 'Docker Buildx',
  Name: 'buildx',
  Path: '/tmp/cfg/cli-plugins/docker-buildx'
}
const V28 = {
  Debug: false,
  Version: '28.2.2',
  DefaultAPIVersion: '1.50',
  Context: 'default',
  Warnings: null
}
const V20 = { Debug: false, Context: 'default', Warnings: null }
const info = (client: unknown): string =>
  JSON.stringify({ ServerVersion: '20.10.24+dfsg1', ClientInfo: client })

describe('parseClientInfo', () => {
  const cases: [string, string, ReturnType<typeof parseClientInfo>][] = [
    [
      'CLI 28 without plugins',
      info({ ...V28, Plugins: [] }),
      { version: '28.2.2', buildx: 'absent' }
    ],
    [
      'CLI 28 with buildx',
      info({ ...V28, Plugins: [BUILDX] }),
      { version: '28.2.2', buildx: { version: '0.13.1+ds1' } }
    ],
    ['CLI 20.10 without plugins: no version', info({ ...V20, Plugins: [] }), { buildx: 'absent' }],
    [
      'CLI 20.10 with buildx',
      info({ ...V20, Plugins: [BUILDX] }),
      { buildx: { version: '0.13.1+ds1' } }
    ],
    [
      'a buildx plugin that failed to load does not count',
      info({ ...V20, Plugins: [{ ...BUILDX, Err: {} }] }),
      { buildx: 'absent' }
    ],
    [
      'other plugins only',
      info({ ...V20, Plugins: [{ ...BUILDX, Name: 'compose' }] }),
      { buildx: 'absent' }
    ],
    ['no plugin list (CLI before 19.03): unknown', info({ Debug: false }), {}],
    ['no ClientInfo', '{"ServerVersion":"20.10.24"}', {}],
    ['not JSON', 'template: nil pointer', {}],
    ['null', 'null', {}]
  ]
  for (const [name, stdout, want] of cases) {
    test(name, () => assert.deepEqual(parseClientInfo(stdout), want))
  }
})
