/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** The namespaces of `src/i18n/en.json` the first screen (sign-in) needs. */
const BOOT_NAMESPACES = ['app', 'common', 'errors', 'language', 'login'];

/**
 * `virtual:i18n-boot`: those English words alone, so the first load (a phone on a slow
 * network) does not carry every screen's words; the rest of `en.json` comes with the first
 * screen after sign-in (src/i18n/index.ts). en.json stays the one file a translator edits.
 */
function i18nBoot(): Plugin {
  const id = 'virtual:i18n-boot';
  const resolved = `\0${id}`;
  const file = fileURLToPath(new URL('./src/i18n/en.json', import.meta.url));
  return {
    name: 'tracetrack-i18n-boot',
    resolveId: (source) => (source === id ? resolved : null),
    load(loaded) {
      if (loaded !== resolved) return null;
      this.addWatchFile(file);
      const words = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const boot = Object.fromEntries(BOOT_NAMESPACES.map((namespace) => [namespace, words[namespace]]));
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(boot))});`;
    },
  };
}

export default defineConfig({
  plugins: [react(), appShell(), i18nBoot()],
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
    // The words (i18next, English by default) for everything under test, components included.
    setupFiles: ['src/i18n/test-setup.ts'],
  },
});
