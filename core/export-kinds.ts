// The names of the finance exports (docs/exports.md), apart from core/exports.ts so that the
// command line can offer them without loading the database code (`wacost --help` stays fast).
export const exportKinds = ['ledger', 'invoice', 'daily'] as const
export type ExportKind = (typeof exportKinds)[number]

/** The export kinds that take the dashboard's phone number, market, category and country filters. */
export const filteredKinds: readonly ExportKind[] = ['ledger', 'daily']

/** Why the invoice takes none of those filters, after "the invoice does not take --phone: ". */
export const invoiceUnfiltered = 'it is per WABA and period (the ledger and daily exports take the phone number, market, '
  + 'category and country filters; an invoice of part of a WABA would not be the total billed)'
