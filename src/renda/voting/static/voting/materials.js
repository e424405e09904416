// 我的会议材料: registers the materials' own service worker (scope /voting/materials/) and pushes the materials of
// the coming meetings to this device for reading offline. No inline script: the URLs travel in json_script.
(function () {
  "use strict";
  var root = document.getElementById("materials-offline");
  if (!root || !("serviceWorker" in navigator)) { return; }
  var status = document.getElementById("offline-status");
  var data = document.getElementById("offline-urls");
  var urls = data ? JSON.parse(data.textContent) : [];
  function say(text) { if (status) { status.textContent = text; } }
  navigator.serviceWorker.register(root.getAttribute("data-worker"), { scope: root.getAttribute("data-scope") })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (reg) {
      var worker = reg.active;
      if (!worker || !urls.length) { say(urls.length ? "" : "暂无需要保存的材料。"); return; }
      navigator.serviceWorker.addEventListener("message", function (evt) {
        if (evt.data && evt.data.type === "prefetched") { say("即将举行会议的材料已保存到本机，离线时也可阅读。"); }
      });
      say("正在把即将举行会议的材料保存到本机……");
      worker.postMessage({ type: "prefetch", urls: urls });
    })
    .catch(function () { say("本浏览器不支持离线保存，请联网阅读。"); });
}());
