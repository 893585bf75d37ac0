/* laktasi service worker: keeps the midwife's pages on the phone so they open without signal.
 *
 * Pages (today's list, the enrolment form, the visit forms of today's list) are fetched from the network
 * first and kept; without signal the kept copy is shown, with a fresh idempotency key in each form (as a
 * fresh page from the server would have), so two entries made from one kept form are two writes, not one.
 * Static files are served from the cache first. Writes are not handled here: offline.js queues them in
 * IndexedDB and sends them when the signal is back. No other page is kept.
 */
"use strict";

const PAGES = "laktasi-pages-v1";
const STATIC = "laktasi-static-v1";
const PRECACHE = [
  "/static/laktasi/app.css", "/static/laktasi/htmx-2.0.4.min.js", "/static/laktasi/offline.js",
  "/static/laktasi/manifest.webmanifest", "/static/laktasi/icon-192.png",
];
const NEVER = ["/accounts/", "/admin/", "/sw.js"];
// Only the pages a midwife needs without signal are kept (pages are sent with Cache-Control: no-store so a
// shared phone keeps no copy of anything else, e.g. an owner's page with a mother's name).
const KEPT = /^\/(offline\/|s\/\d+\/(today\/|enrol\/|offline\/visit\/|m\/\d+\/day\/\d+\/))$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC);
    await Promise.all(PRECACHE.map((url) => cache.add(url).catch(() => undefined)));
    try {  // the page shown for anything not kept (needs the login cookie: fetched with credentials)
      const res = await fetch("/offline/", { credentials: "same-origin" });
      if (res.ok && !res.redirected) await (await caches.open(PAGES)).put("/offline/", res);
    } catch (e) { /* no signal while installing: the next visit fetches it */ }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (![PAGES, STATIC].includes(key)) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function freshKeys(html) {
  // a kept page is shown as a fresh one: new idempotency keys, and no message left over from when it was kept
  return html.replace(/name="idempotency_key" value="[^"]*"/g,
    () => `name="idempotency_key" value="${crypto.randomUUID().replaceAll("-", "")}"`)
    .replace(/<div class="msg [^"]*">[^<]*<\/div>/g, "");
}

async function fromCache(request) {
  const cached = await (await caches.open(PAGES)).match(request.url);
  if (cached) {
    const html = freshKeys(await cached.text());
    const headers = new Headers(cached.headers);
    headers.set("X-Laktasi-Offline", "1");
    return new Response(html, { status: 200, headers });
  }
  const fallback = await (await caches.open(PAGES)).match("/offline/");
  return fallback || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}

async function networkFirst(request) {
  try {
    const res = await fetch(request);
    const type = res.headers.get("Content-Type") || "";
    const url = new URL(res.url || request.url);
    if (res.ok && res.type === "basic" && type.startsWith("text/html") && KEPT.test(url.pathname)) {
      await (await caches.open(PAGES)).put(request.url, res.clone());
    }
    return res;
  } catch (e) {
    return fromCache(request);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || NEVER.some((p) => url.pathname.startsWith(p))) {
    return;  // writes, other sites, login: straight to the network
  }
  if (url.pathname.startsWith("/static/")) {
    // stale-while-revalidate: the kept copy at once, a newer one kept for next time
    event.respondWith((async () => {
      const cache = await caches.open(STATIC);
      const cached = await cache.match(request, { ignoreSearch: true });
      const update = fetch(request).then(async (res) => {
        if (res.ok) await cache.put(request, res.clone());
        return res;
      });
      if (cached) {
        event.waitUntil(update.catch(() => undefined));
        return cached;
      }
      return update;
    })());
    return;
  }
  if (request.mode === "navigate" || (request.headers.get("Accept") || "").includes("text/html")) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "clear-pages") event.waitUntil(caches.delete(PAGES));  // at log-out: nothing left behind
});
