// ncc writes a package.json marker beside ESM bundles; keep dist/ to the files the runner needs.
import { rmSync } from 'node:fs'
rmSync('dist/cli/licenses.txt', { force: true })
