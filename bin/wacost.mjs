#!/usr/bin/env node
// Entry point for `wacost` / `npx wacost`: runs the TypeScript CLI through tsx so the
// shipped command never depends on a stale build.
import { register } from 'tsx/esm/api'
register()
await import('../cli/wacost.ts')
