// Builds the dashboard and the customer investigation page into web/dist, which the API serves at /.
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url))
const input = { dashboard: page('index.html'), customer: page('customer.html') }

export default defineConfig({
  root: page('.'),
  base: './',
  build: {
    outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input,
      // Timings of a build, said as a warning when a plugin's callbacks take a share of it: noise in
      // the first `npm start` of a fresh clone (fresh-user trial), and nothing a user can act on.
      checks: { bundlerTimings: false },
      // A chunk the pages share, and its CSS, is named "shared", not after one of its modules
      // (Vite's default named it meta-ids-*.js); a page's own CSS keeps the page's name.
      output: {
        chunkFileNames: 'assets/shared-[hash].js',
        assetFileNames: (a) => (a.names.some((n) => n.endsWith('.css') && !(n.slice(0, -4) in input))
          ? 'assets/shared-[hash][extname]' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
})
