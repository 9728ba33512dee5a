// TraceTrack's service worker: the app shell offline, nothing else.
//
// - Precached at install: index.html ("/"), every built asset (their names carry a content
//   hash), the manifest and the icons; the list and a version are written above this text by
//   the build (vite.config.ts, `appShell()`), so a new release installs a new cache.
// - Navigations: the network first (a new release shows at once), the cached shell when the
//   network fails or is slower than 4 s (a page loaded offline still starts).
// - Built assets: the cache first (they never change), else the network.
// - The API (/api, /health, /metrics) and anything not from this origin is never touched:
//   answers that carry personal data are not cached; scans made offline wait in IndexedDB
//   (the page's queue), not here.
/* global PRECACHE, VERSION */

const SHELL_CACHE = `tracetrack-shell-${VERSION}`;
const NAVIGATION_TIMEOUT_MS = 4000;
const NEVER = ['/api/', '/health', '/metrics'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('tracetrack-shell-') && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The network's answer, or undefined after `ms` or on failure. */
function fromNetwork(request, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    fetch(request).then(
      (response) => {
        clearTimeout(timer);
        resolve(response);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

async function navigation(request) {
  const response = await fromNetwork(request, NAVIGATION_TIMEOUT_MS);
  if (response && response.status < 500) return response;
  const shell = await caches.match('/', { cacheName: SHELL_CACHE });
  return shell ?? response ?? Response.error();
}

async function asset(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) {
    const copy = response.clone();
    void caches.open(SHELL_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
    return;
  }
  event.respondWith(asset(request));
});
