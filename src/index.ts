/**
 * The action's entry point (bundled into dist/index.js; the action itself into chunks beside it).
 *
 * As in src/bin.ts, Node's on-disk compile cache (`module.enableCompileCache`, in `os.tmpdir()`)
 * covers what is imported after it is enabled: the second run of the action on a runner (a job
 * that measures several images in steps, a self-hosted runner) compiles the bundle from V8's cache.
 */
import module from 'node:module'

module.enableCompileCache?.()
const { run } = await import('./main.ts')
await run()
