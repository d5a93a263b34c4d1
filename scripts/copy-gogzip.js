// The compressed-size estimator's WebAssembly module and its Go runtime glue are read at run time
// from a gogzip/ folder beside the code (src/image/gogzip/pool.ts, gogzipDir): copy them beside
// the compiled lib/ (for `npm run build`) and, with --dist, beside both bundles.
import { cpSync, mkdirSync } from 'node:fs'

// LICENSE-go: the Go runtime inside the module is BSD-licensed; binaries carry its notice.
const files = ['gogzip.wasm', 'wasm_exec.js', 'LICENSE-go']
const targets = process.argv.includes('--dist')
  ? ['dist/gogzip', 'dist/cli/gogzip']
  : ['lib/image/gogzip']
for (const dir of targets) {
  mkdirSync(dir, { recursive: true })
  for (const f of files) cpSync(`src/image/gogzip/${f}`, `${dir}/${f}`)
}
