/**
 * The identity of one run, so runs that share a machine (self-hosted runners, a developer's
 * CLI, a docker daemon shared between containers) keep apart their default report paths and the
 * tags of the images they build.
 */
import { randomBytes } from 'node:crypto'

/**
 * A run id made of tag-safe characters (`[a-z0-9-]`, at most 60):
 * - in GitHub Actions `<GITHUB_RUN_ID>-<GITHUB_RUN_ATTEMPT>-<pid>-<6 hex>` (matrix jobs share a
 *   run id and attempt; containers sharing a daemon often share a pid, hence the random part);
 * - elsewhere `<pid>-<6 hex>`.
 *
 * @param env the environment (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT).
 * @param pid the process id.
 * @param random 3 random bytes (hex-encoded into the id); a parameter so tests can fix it.
 */
export function newRunId(
  env: NodeJS.ProcessEnv = process.env,
  pid: number = process.pid,
  random: Buffer = randomBytes(3)
): string {
  const digits = (value: string | undefined): string =>
    (value ?? '').replace(/[^0-9]/g, '').slice(0, 20)
  const runId = digits(env.GITHUB_RUN_ID)
  const own = `${pid}-${random.toString('hex')}`
  if (runId === '') return own
  return `${runId}-${digits(env.GITHUB_RUN_ATTEMPT) || '1'}-${own}`
}
