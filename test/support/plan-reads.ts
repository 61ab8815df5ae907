// The reads of MergeTree tables in a statement's plan (`EXPLAIN json = 1, indexes = 1`): how many
// granules the primary index starts from and how many are left to read after the skip index
// (the primary index's when there is none). For the tests that check a statement reads only the
// granules it needs (volume-tiers-reads, report-reads).
import type { Db } from '../../core/db/client.ts'

export interface PlanRead { table: string; initial: number; selected: number; skip: string }

/** Each read of a table whose name `tables` matches, in the plan of `query`. */
export async function planReads(db: Db, query: string, tables: RegExp, params: Record<string, unknown> = {}): Promise<PlanRead[]> {
  const rs = await db.client.query({ query: `EXPLAIN json = 1, indexes = 1 ${query}`, query_params: params, format: 'TabSeparatedRaw' })
  const out: PlanRead[] = []
  const walk = (node: unknown) => {
    if (Array.isArray(node)) { node.forEach(walk); return }
    if (!node || typeof node !== 'object') return
    const n = node as Record<string, unknown>
    const table = String(n['Description'] ?? '').replace(/^.*\./, '')
    if (n['Node Type'] === 'ReadFromMergeTree' && tables.test(table)) {
      const indexes = (n['Indexes'] ?? []) as Record<string, unknown>[]
      const skip = indexes.find((i) => i['Type'] === 'Skip')
      const pk = indexes.find((i) => i['Type'] === 'PrimaryKey')
      out.push({ table, initial: Number(pk?.['Initial Granules']), selected: Number((skip ?? pk)?.['Selected Granules']), skip: String(skip?.['Name'] ?? '') })
    }
    Object.values(n).forEach(walk)
  }
  walk(JSON.parse(await rs.text()))
  return out
}
