// The only module that reads process.env: every setting is declared, documented and
// validated here, so a typo in a variable fails loudly at start instead of silently
// falling back to a default.
import { z } from 'zod'

const schema = z.object({
  // URL of a ClickHouse server (e.g. http://localhost:8123). When set, every command talks to
  // that server instead of the embedded chDB engine; the SQL is the same.
  CLICKHOUSE_URL: z.string().url().optional(),
  // Credentials for CLICKHOUSE_URL. Ignored by the embedded engine.
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  // Data directory of the embedded engine (chDB). The --db flag overrides it.
  WACOST_DB: z.string().min(1).default('./data'),
  // Name of the Atomic database that holds all of wacost's tables.
  WACOST_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('wacost'),
  // Set to 1 to print every .sql statement's duration to stderr (profiling).
  WACOST_TRACE: z.enum(['0', '1']).default('0'),
})

export type Env = z.infer<typeof schema>

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (CLICKHOUSE_URL=) means unset, as in most shells' conventions.
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''))
  const parsed = schema.safeParse(set)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}

export const env: Env = loadEnv()
