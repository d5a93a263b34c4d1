/**
 * The temporary directories a run makes — `--iidfile` directories, Dockerfile copies, OCI
 * exports, bake override files, the base commit's worktree — made with {@link makeTempDir} and
 * removed with {@link removeTempDir}. Those still there when the process is interrupted (SIGINT
 * or SIGTERM: a cancelled workflow run, Ctrl-C) are removed before it exits, with the exit code a
 * shell reports for that signal (128 + its number: 130, 143).
 */
import { rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const live = new Set<string>()
let handling = false

/** Exit codes for the signals handled: 128 + the signal's number (POSIX shells). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const

/** Removes every directory still registered, synchronously (in a signal handler). */
function removeAllNow(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true })
  live.clear()
}

/**
 * A new directory `<os.tmpdir()>/<prefix>XXXXXX`, removed on SIGINT/SIGTERM unless
 * {@link removeTempDir} removed it first. The first call installs the signal handlers.
 * @throws the error of `mkdtemp` (e.g. the temporary directory is not writable).
 */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  live.add(dir)
  if (!handling) {
    handling = true
    for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
      process.once(signal, () => {
        removeAllNow()
        process.exit(code)
      })
    }
  }
  return dir
}

/** Removes a directory {@link makeTempDir} made (and what is in it). Never throws for a missing one. */
export async function removeTempDir(dir: string): Promise<void> {
  live.delete(dir)
  await rm(dir, { recursive: true, force: true })
}
