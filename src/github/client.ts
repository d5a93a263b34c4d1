/**
 * The GitHub REST client: `@actions/github`'s Octokit with retries and rate-limit handling.
 *
 * - 5xx and other transient errors: `@octokit/plugin-retry`, which waits (n + 1)² × `delayUnitMs`
 *   before retry n (1, 4, 9 units) and never retries 400, 401, 403, 404, 410, 422, 429, 451.
 * - Rate limits (403/429 with `x-ratelimit-remaining: 0`, or a "secondary rate limit" message):
 *   `@octokit/plugin-throttling`, which waits `retry-after` seconds for a secondary limit and until
 *   `x-ratelimit-reset` for a primary one (GitHub docs, "Rate limits for the REST API", "Exceeding
 *   the rate limit"), each second scaled by `delayUnitMs`. It also spaces writes (1 s) and
 *   notification-triggering writes such as new comments (3 s), as GitHub asks of integrations.
 *
 * The token only ever goes into the `Authorization` header; Octokit's own log lines (which never
 * carry it) are routed to our `Log`.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type { Log } from '../log.ts'

/** How hard to retry. */
export interface RetryTuning {
  /** Retries after the first attempt, for 5xx and for rate limits; default 3. */
  retries?: number
  /**
   * Milliseconds per unit of delay; default 1000, so `retry-after: 2` waits 2 s. Tests lower it
   * to keep runs short; the header is still what decides the wait.
   */
  delayUnitMs?: number
  /** A rate-limit wait longer than this many seconds is not waited for (the call fails); default 900. */
  maxRateLimitWaitSeconds?: number
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** REST API root; default the `GITHUB_API_URL` environment variable (read now), else api.github.com. */
  baseUrl?: string
  retry?: RetryTuning
  log: Log
}

/** The Octokit instance `@actions/github` returns (REST methods, `paginate`, `request`). */
export type GitHubClient = ReturnType<typeof getOctokit>

/**
 * Builds a client for `token` with retries and rate-limit handling.
 *
 * @throws Error when `token` is empty (the message never includes a token).
 */
export function createClient(token: string, opts: ClientOptions): GitHubClient {
  if (!token) throw new Error('github-token: expected a token, got an empty string')
  const retries = opts.retry?.retries ?? 3
  const unit = opts.retry?.delayUnitMs ?? 1000
  const maxWait = opts.retry?.maxRateLimitWaitSeconds ?? 900
  const { log } = opts
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method: string; url: string },
      _octokit: unknown,
      retryCount: number
    ): boolean => {
      const retrying = retryCount < retries && retryAfter <= maxWait
      log.warning(
        `GitHub API ${kind} rate limit on ${options.method} ${options.url}: ${
          retrying
            ? `retrying in ${retryAfter} s (retry ${retryCount + 1} of ${retries})`
            : 'giving up'
        }`
      )
      return retrying
    }
  return getOctokit(
    token,
    {
      baseUrl: opts.baseUrl ?? process.env['GITHUB_API_URL'] ?? 'https://api.github.com',
      log: {
        debug: (message: string) => log.debug(message),
        info: (message: string) => log.debug(message),
        warn: (message: string) => log.warning(message),
        error: (message: string) => log.warning(message)
      },
      retry: {
        retries,
        retryAfterBaseValue: unit,
        // Rate limits (403, 429) belong to the throttling plugin; the rest are not transient.
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451]
      },
      throttle: {
        retryAfterBaseValue: unit,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary')
      }
    },
    retry,
    throttling
  )
}
