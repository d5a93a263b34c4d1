/**
 * The CLI's entry point (bundled into dist/cli/index.js; the CLI itself into chunks beside it).
 *
 * Node's on-disk compile cache (22.1+, `module.enableCompileCache`, in `os.tmpdir()`; off with
 * NODE_DISABLE_COMPILE_CACHE=1) covers what is imported after it is enabled, hence the dynamic
 * import: a re-run compiles the 2.5 MB bundle from V8's cache (issue 7's warm re-run: the
 * module's compilation went from ~150 to ~40 ms of CPU on this 2-core machine).
 */
import module from 'node:module'

module.enableCompileCache?.()
const { main } = await import('./cli.ts')
process.exitCode = await main(process.argv.slice(2))
