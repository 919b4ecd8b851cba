/* SPDX-License-Identifier: Apache-2.0 */
/* Service worker: the app shell is cached on install and served from the
 * cache (so the page and the WebAssembly verifier work offline); a new
 * build has a new VERSION (web/build.sh writes a digest of the files) and
 * replaces the old cache. Navigations (also to a /01/... Digital Link path
 * on this host) get the cached page. Trust files are the page's business
 * (app.js: network first, Cache API copy). */
const VERSION = '@DPP_WEB_VERSION@';
const SHELL = 'dpp-shell-' + VERSION;
const FILES = ['@DPP_WEB_FILES@'];

self.addEventListener('install', (ev) => {
    ev.waitUntil(caches.open(SHELL).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (ev) => {
    ev.waitUntil(caches.keys()
        .then((keys) => Promise.all(keys.filter((k) => k.startsWith('dpp-shell-') && k !== SHELL).map((k) => caches.delete(k))))
        .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (ev) => {
    const req = ev.request;
    if (req.method !== 'GET') return;
    const url = new URL(req.url);
    if (url.origin !== self.location.origin) return;
    if (req.mode === 'navigate') {
        // the page itself, whatever the path and query (the fragment never reaches here)
        ev.respondWith(fetch(req).catch(() => caches.open(SHELL).then((c) => c.match('index.html'))));
        return;
    }
    ev.respondWith(caches.open(SHELL).then((c) => c.match(req, {ignoreSearch: true})).then((hit) => hit || fetch(req)));
});
