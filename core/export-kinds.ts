// The names of the finance exports (docs/exports.md), apart from core/exports.ts so that the
// command line can offer them without loading the database code (`wacost --help` stays fast).
export const exportKinds = ['ledger', 'invoice', 'daily'] as const
export type ExportKind = (typeof exportKinds)[number]
