/// <reference types="vitest/config" />
// The portal's build (docs/web.md). Everything the page loads comes from
// its own origin: no inline script or style (the server's CSP forbids
// them), no data: URLs for scripts, fonts or styles.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: process.env.GISAC_WEB_OUT || 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
