// What the environment's settings default to, apart from core/config.ts (which reads the
// environment when it is imported): npm start's refusal of an argument (bin/start-args.ts), said
// before the environment is read, and the words about a HOST (core/listen-address.ts) name these
// defaults, and a hard-coded copy drifted ("e.g. PORT=3917" while PORT's default is 3000).

/** WACOST_DB, PORT and HOST when unset (or empty). */
export const DEFAULTS = { WACOST_DB: './data', PORT: 3000, HOST: 'localhost' } as const
