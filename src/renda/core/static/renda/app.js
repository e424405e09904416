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
