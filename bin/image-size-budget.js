#!/usr/bin/env node
// The CLI entry: the bundled build of src/cli.ts.
import '../dist/cli/index.js'
