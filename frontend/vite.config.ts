/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// The dev server forwards the API to a running `tracetrack serve` (default 127.0.0.1:8080);
// set TRACETRACK_API_URL to point it elsewhere.
const apiTarget = process.env.TRACETRACK_API_URL ?? 'http://127.0.0.1:8080';

/** Every file under `dir`, as paths relative to it with `/`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path).map((inner) => `${entry.name}/${inner}`) : [relative(dir, path).split(sep).join('/')];
  });
}

/**
 * Writes `dist/sw.js`: the hand-written service worker (sw/service-worker.js) after the list of
 * files it precaches (the built app: index.html as "/", every hashed asset but the dashboard's
 * chart, the manifest, the icons; no source maps) and a version from their names and index.html, so each release
 * installs its own cache. Build only: the dev server has no service worker.
 */
function appShell(): Plugin {
  let outDir = 'dist';
  return {
    name: 'tracetrack-app-shell',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      // The dashboard's chart (recharts, the largest chunk) is left to be cached when first used.
      const files = filesUnder(outDir).filter(
        (file) => !file.endsWith('.map') && file !== 'sw.js' && file !== 'index.html' && !/^assets\/ActivityChart-/.test(file),
      );
      const precache = ['/', ...files.sort().map((file) => `/${file}`)];
      const version = createHash('sha256')
        .update(precache.join('\n'))
        .update(readFileSync(join(outDir, 'index.html')))
        .digest('hex')
        .slice(0, 12);
      const worker = readFileSync(new URL('./sw/service-worker.js', import.meta.url), 'utf8');
      const head = `const PRECACHE = ${JSON.stringify(precache)};\nconst VERSION = ${JSON.stringify(version)};\n`;
      writeFileSync(join(outDir, 'sw.js'), head + worker);
    },
  };
}

export default defineConfig({
  plugins: [react(), appShell()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/health': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
