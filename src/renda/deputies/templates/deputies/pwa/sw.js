// renda: the deputy's offline reading (renda.deputies.pwa). Network first; the cache only when offline.
"use strict";
var CACHE = "{{ cache }}";
var PREFIX = "{{ prefix }}";
var SHELL = {{ shell|safe }};
var OFFLINE = {{ offline|safe }};
var OWN_PAGES = {{ own_pages|safe }};
var OWN_PATTERNS = {{ own_patterns|safe }}.map(function (p) { return new RegExp(p); });
var MAX_PAGES = {{ max_pages }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf(PREFIX) === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function own(url) {
  if (url.origin !== self.location.origin || url.search) { return false; }
  if (OWN_PAGES.indexOf(url.pathname) !== -1) { return true; }
  return OWN_PATTERNS.some(function (re) { return re.test(url.pathname); });
}

function keep(request, response) {
  var cacheControl = response.headers.get("Cache-Control") || "";
  if (!response.ok || response.redirected || cacheControl.indexOf("no-store") !== -1) { return; }
  var copy = response.clone();
  caches.open(CACHE).then(function (cache) {
    return cache.put(request, copy).then(function () { return cache.keys(); }).then(function (keys) {
      var pages = keys.filter(function (k) { return SHELL.indexOf(new URL(k.url).pathname) === -1; });
      return Promise.all(pages.slice(0, Math.max(0, pages.length - MAX_PAGES)).map(function (k) {
        return cache.delete(k);
      }));
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (SHELL.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  var mine = own(url);
  event.respondWith(fetch(request).then(function (response) {
    if (mine) { keep(request, response); }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || caches.match(OFFLINE); });
  }));
});

// The page asks to forget everything (signing out, another user's page): empty the cache.
self.addEventListener("message", function (event) {
  if (event.data === "forget") {
    event.waitUntil(caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k.indexOf(PREFIX) === 0; })
        .map(function (k) { return caches.delete(k); }));
    }));
  }
});
