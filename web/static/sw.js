// The field app's service worker. It precaches the app shell (the work list, a blank household
// form generated from the questionnaire, scripts, styles, icons) under a cache named by the
// release (?v=<hash of the static files, templates and questionnaire>), so a new release or a
// new questionnaire installs a new worker whose cache replaces the old one.
// Respondents' data never enters a cache: pages of the server are fetched from the network, and
// when there is none a household's address is answered with the blank form (the answers come
// from IndexedDB) and any other page with the work list shell.
"use strict";
const PARAMS = new URL(self.location.href).searchParams;
const RELEASE = (PARAMS.get("v") || "dev") + "-" + (PARAMS.get("lang") || "");  // shells are in one language
const PREFIX = "survey-shell-";
const CACHE = PREFIX + RELEASE;
const LIST_SHELL = "/app";
const FORM_SHELL = "/app/household";
const HOUSEHOLD = /^\/households\/[^/]+\/[^/]+$/;

self.addEventListener("install", function (event) {
  event.waitUntil((async function () {
    // What to cache is named by the server (web/fieldapp.py, shell_urls).
    const listed = await fetch("/app/shell.json", { credentials: "same-origin", cache: "no-store" });
    if (!listed.ok || listed.redirected) throw new Error("log in before installing");
    const urls = (await listed.json()).urls;
    const cache = await caches.open(CACHE);
    await Promise.all(urls.map(async function (url) {
      const r = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (!r.ok || r.redirected) throw new Error("cannot cache " + url);
      await cache.put(url, r);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", function (event) {
  event.waitUntil((async function () {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromCache(path) {
  const cache = await caches.open(CACHE);
  return cache.match(path, { ignoreSearch: true });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/field/") || url.pathname.startsWith("/api/")) return;  // data: network only
  if (url.pathname.startsWith("/static/") || url.pathname === "/manifest.webmanifest") {
    event.respondWith((async function () {
      return (await fromCache(url.pathname)) || fetch(request);
    })());
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith((async function () {
      try {
        return await fetch(request);
      } catch (offline) {
        const shell = HOUSEHOLD.test(url.pathname) ? FORM_SHELL : LIST_SHELL;
        return (await fromCache(shell)) || Response.error();
      }
    })());
  }
});
