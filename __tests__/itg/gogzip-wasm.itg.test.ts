/**
 * The committed WebAssembly module is what its committed source builds to: rebuilds
 * `src/image/gogzip/gogzip.wasm` with `scripts/build-gogzip.sh` (Debian's Go 1.19, which
 * `scripts/setup.sh` installs) into a temporary directory and compares the bytes, and the
 * runtime glue `wasm_exec.js` with the toolchain's.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = new URL('../..', import.meta.url).pathname
const GO = '/usr/lib/go-1.19/bin/go'
const COMMITTED = join(ROOT, 'src/image/gogzip')

test(
  'gogzip.wasm and wasm_exec.js are what scripts/build-gogzip.sh makes',
  { timeout: 600_000 },
  async () => {
    assert.ok(existsSync(GO), `${GO} is missing: run scripts/setup.sh (golang-1.19-go)`)
    const out = await mkdtemp(join(tmpdir(), 'isb-gogzip-'))
    try {
      await run('bash', [join(ROOT, 'scripts/build-gogzip.sh'), out], {
        env: { ...process.env, GO }
      })
      for (const f of ['gogzip.wasm', 'wasm_exec.js']) {
        const [built, committed] = await Promise.all([
          readFile(join(out, f)),
          readFile(join(COMMITTED, f))
        ])
        assert.ok(
          built.equals(committed),
          `src/image/gogzip/${f} is stale (${committed.length} B committed, ${built.length} B built): run scripts/build-gogzip.sh`
        )
      }
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  }
)
