#!/usr/bin/env node
// The `parley` command. The relay is TypeScript built by build.mjs into dist/relay/cli.mjs.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'dist', 'relay', 'cli.mjs')
if (!existsSync(cli)) {
  console.error('parley: the relay is not built yet; run `npm run build` (npm start does it for you)')
  process.exit(1)
}
await import(pathToFileURL(cli).href)
