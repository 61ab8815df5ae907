// Builds the dashboard and the customer investigation page into web/dist, which the API serves at /.
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url))

export default defineConfig({
  root: page('.'),
  base: './',
  build: {
    outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500,
    rollupOptions: { input: { dashboard: page('index.html'), customer: page('customer.html') } },
  },
})
