/** The CLI's entry point (bundled into dist/cli/index.js). */
import { main } from './cli.ts'

process.exitCode = await main(process.argv.slice(2))
