// renda: 我的会议材料 offline (renda.voting.views.materials_worker), scope /voting/materials/. Network first; the
// member's material pages and files are kept in a cache of their own and used only without a connection.
"use strict";
var CACHE = "{{ cache }}";
var PREFIX = "renda-deputy-materials-";
var OFFLINE_PAGE = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>当前离线</title>" +
  "<p>当前离线，这份材料尚未保存到本机。请联网后打开「我的会议材料」，材料会自动保存。</p></html>";

function forget() {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf(PREFIX) === 0; }).map(function (k) {
      return caches.delete(k);
    }));
  });
}

function inScope(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/voting/materials/") === 0 &&
    !/\/sw\.js$/.test(url.pathname);
}

function signedOut(response) {
  return response.redirected && new URL(response.url).pathname.indexOf("/login/") === 0;
}

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf(PREFIX) === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!inScope(url)) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (signedOut(response)) {  // signed out or another user's session ended: nothing stays on the device
      return forget().then(function () { return response; });
    }
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      // Django's pages vary on Cookie and Accept-Language: a copy pushed by "prefetch" was fetched by the worker
      // with other headers than the reader's navigation, and it is this user's own cache (the name carries the id)
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || cache.match(request, { ignoreVary: true, ignoreSearch: true });
      });
    }).then(function (hit) {
      return hit || new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  }));
});

// The page pushes the materials of the coming meetings ("prefetch") or asks to forget everything.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data === "forget" || data.type === "forget") {
    event.waitUntil(forget());
    return;
  }
  if (data.type === "prefetch" && Array.isArray(data.urls)) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return Promise.all(data.urls.filter(function (u) { return inScope(new URL(u, self.location.origin)); })
        .map(function (u) {
          return fetch(u, { credentials: "same-origin" }).then(function (r) {
            if (r.ok && !r.redirected) { return cache.put(u, r); }
            return undefined;
          }).catch(function () { return undefined; });
        }));
    }).then(function () {
      if (event.source) { event.source.postMessage({ type: "prefetched", count: data.urls.length }); }
    }));
  }
});
