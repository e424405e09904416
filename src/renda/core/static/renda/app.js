// renda: a little progressive enhancement; every page works without it.
document.addEventListener("htmx:responseError", function (evt) {
  var target = evt.detail.target;
  if (target && evt.detail.xhr && evt.detail.xhr.responseText) {
    target.innerHTML = evt.detail.xhr.responseText;
  }
});
