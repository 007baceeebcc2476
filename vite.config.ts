// Vite builds the admin app from frontend/ into frontend/dist, which the Go binary
// embeds (frontend/embed.go). Vitest runs two projects: "unit" (jsdom, *.spec.tsx beside
// the source) and "e2e" (node, frontend/e2e/*.spec.ts driving Chromium against bin/orgdir).
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vitest/config';

const outDir = resolve(import.meta.dirname, 'frontend/dist');
// Caches go to the repo's node_modules, not frontend/node_modules (Vite's default under its root).
const cacheDir = resolve(import.meta.dirname, 'node_modules/.vite');

// frontend/dist/.keep is committed so that `go build` works before the first frontend
// build; Vite's emptyOutDir would delete it, so this empties the folder but keeps it.
function keepDistPlaceholder(): Plugin {
  return {
    name: 'orgdir:keep-dist-placeholder',
    apply: 'build',
    buildStart() {
      for (const name of readdirSync(outDir)) {
        if (name !== '.keep') rmSync(join(outDir, name), { recursive: true, force: true });
      }
    },
  };
}

// The Go server for `npm run dev` (start it with `make run`).
const apiServer = process.env.ORGDIR_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'frontend',
  cacheDir,
  plugins: [react(), keepDistPlaceholder()],
  build: {
    outDir,
    emptyOutDir: false,
    // GraphiQL (Monaco) is a lazy chunk of about 5.7 MB; the initial bundle is measured
    // by the e2e run instead of warned about here.
    chunkSizeWarningLimit: 8000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // GraphiQL's React-compiler output marks modules "use no memo"; harmless when bundled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  // GraphiQL's Monaco workers are imported with `?worker`, which the dev server's
  // dependency pre-bundling cannot load: serve GraphiQL's packages unbundled in dev.
  optimizeDeps: {
    exclude: ['graphiql', '@graphiql/react/setup-workers/vite'],
    include: ['graphiql > react-compiler-runtime', '@graphiql/react', '@graphiql/plugin-doc-explorer', '@graphiql/plugin-history'],
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/query': apiServer, '/auth': apiServer, '/export': apiServer },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.spec.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
          // Generous: under a loaded 2-core machine a jsdom test with several interactions took 20 s.
          testTimeout: 30_000,
        },
      },
      {
        cacheDir,
        test: {
          name: 'e2e',
          root: 'frontend',
          environment: 'node',
          include: ['e2e/**/*.spec.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
