/** The package version, read from package.json at bundle time. */
import pkg from '../package.json' with { type: 'json' }

export const VERSION: string = pkg.version
