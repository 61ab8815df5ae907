// Preloaded into a spawned `wacost` (node --require) by the CLI tests: at exit it says whether the
// engine (chDB's package) was loaded, so a test can prove that `--help` and refused arguments
// never load it. chDB is CommonJS, so loading it leaves its files in require.cache.
process.on('exit', () => {
  const loaded = Object.keys(require.cache).some((file) => file.includes('/node_modules/chdb/'))
  process.stderr.write(`[engine-probe] engine loaded: ${loaded}\n`)
})
