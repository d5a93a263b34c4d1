/**
 * Writes src/history/uplot-asset.ts: uPlot's minified browser build, its CSS and its licence as
 * string constants, so the history page carries its charting library inline (no network at view
 * time) and the bundled action carries it too. Run after updating the `uplot` dev dependency:
 * `node scripts/vendor-uplot.ts && npx prettier --write src/history/uplot-asset.ts`. A unit test
 * checks the constants equal the installed package's files.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = dirname(require.resolve('uplot/package.json'))
const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const version = (JSON.parse(read('package.json')) as { version: string }).version
const out = `/**
 * uPlot ${version} (MIT, Leon Sorokin; https://github.com/leeoniya/uPlot), vendored from the
 * \`uplot\` npm package by scripts/vendor-uplot.ts — generated, do not edit.
 */
export const UPLOT_VERSION = ${JSON.stringify(version)}
export const UPLOT_LICENSE = ${JSON.stringify(read('LICENSE'))}
export const UPLOT_CSS = ${JSON.stringify(read('dist/uPlot.min.css'))}
export const UPLOT_JS = ${JSON.stringify(read('dist/uPlot.iife.min.js'))}
`
writeFileSync(new URL('../src/history/uplot-asset.ts', import.meta.url), out)
