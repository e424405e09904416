// renda: a little progressive enhancement; every page works without it.
document.addEventListener("htmx:responseError", function (evt) {
  var target = evt.detail.target;
  if (target && evt.detail.xhr && evt.detail.xhr.responseText) {
    target.innerHTML = evt.detail.xhr.responseText;
  }
});

// Phones: the main menu folds behind the 菜单 button (the CSS shows it open when JavaScript is off).
document.documentElement.classList.add("js");
document.addEventListener("click", function (evt) {
  var button = evt.target.closest && evt.target.closest(".menu-toggle");
  if (!button) return;
  var nav = document.querySelector(".mainnav");
  var open = !nav.classList.contains("open");
  nav.classList.toggle("open", open);
  document.querySelector(".topbar").classList.toggle("menu-open", open);
  button.setAttribute("aria-expanded", open ? "true" : "false");
});

// A step that cannot be undone asks once more: <button data-confirm="…"> (the form's own checks run first).
document.addEventListener("click", function (evt) {
  var button = evt.target.closest && evt.target.closest("[data-confirm]");
  if (!button) return;
  var form = button.form;
  if (form && !form.checkValidity()) return;
  if (!window.confirm(button.getAttribute("data-confirm"))) evt.preventDefault();
});

// Offline reading: a deputy's pages register the deputy's service worker (renda.deputies.pwa, scope /); a member's
// 我的会议材料 register their own (renda.voting, scope /voting/materials/). Any other page unregisters the deputy's
// worker and empties its cache; the sign-in page and signing out forget both.
(function () {
  if (!("serviceWorker" in navigator)) return;
  var PREFIX = "renda-deputy-";
  var MATERIALS = "renda-deputy-materials-";
  function forget(all) {
    var jobs = [];
    if (window.caches) {
      jobs.push(caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) {
          return k.indexOf(PREFIX) === 0 && (all || k.indexOf(MATERIALS) !== 0);
        }).map(function (k) { return caches.delete(k); }));
      }));
    }
    jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
      return Promise.all(regs.filter(function (r) {
        return all || !/\/voting\/materials\/$/.test(r.scope);
      }).map(function (r) { return r.unregister(); }));
    }));
    return Promise.all(jobs).catch(function () {});
  }
  var worker = document.body && document.body.getAttribute("data-offline-worker");
  if (worker) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
  } else {
    forget(/\/login\/$/.test(location.pathname));
  }
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form.action || !/\/logout\/$/.test(new URL(form.action, location.href).pathname)) return;
    if (form.getAttribute("data-forgotten")) return;
    evt.preventDefault();
    form.setAttribute("data-forgotten", "1");
    forget(true).then(function () { form.submit(); });
  });
}());
