// The public portal: tapping "提意见" after a provision selects it in the comment form (without JavaScript the
// link reloads the page with ?eid=… and the server preselects it).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var select = document.getElementById("id_eid");
    var text = document.getElementById("id_text");
    var picked = document.getElementById("picked");
    if (!select || !text) { return; }
    function mark(eid) {
      var old = document.querySelectorAll(".ln.selected");
      for (var i = 0; i < old.length; i++) { old[i].classList.remove("selected"); }
      var quote = document.getElementById("picked-text");
      if (quote) { quote.textContent = ""; }
      if (!eid) { if (picked) { picked.textContent = ""; } return; }
      var link = document.querySelector('.pick[data-eid="' + eid + '"]');
      var line = link && link.closest ? link.closest(".ln") : null;
      if (line) { line.classList.add("selected"); }
      // the chosen provision's text beside the form, so the comment is written looking at it
      var source = document.getElementById(eid);
      if (quote && source) {
        var copy = source.cloneNode(true);
        var tools = copy.querySelectorAll(".art-tools");
        for (var j = 0; j < tools.length; j++) { tools[j].parentNode.removeChild(tools[j]); }
        quote.textContent = copy.textContent.replace(/\s+/g, " ").trim();
      }
      if (picked) {
        var option = select.options[select.selectedIndex];
        picked.textContent = "已选择：" + (option ? option.text : "");
      }
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a.pick") : null;
      if (!link) { return; }
      event.preventDefault();
      select.value = link.getAttribute("data-eid");
      mark(select.value);
      var form = document.getElementById("comment-form");
      if (form) { form.scrollIntoView({ block: "start" }); }
      text.focus({ preventScroll: true });
    });
    select.addEventListener("change", function () { mark(select.value); });
    mark(select.value);
  });
})();

// 复制查询码: the button copies the code it names (data-copy="#id") and says so; hidden without JavaScript.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-copy]");
  for (var i = 0; i < buttons.length; i++) { buttons[i].hidden = !navigator.clipboard; }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () { button.textContent = "已复制"; });
  });
}());

// 大字 (larger type for older readers): toggles a class on <html>, remembered in this browser only.
(function () {
  "use strict";
  var KEY = "renda-large-type";
  var root = document.documentElement;
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
  if (stored === "1") { root.classList.add("large-type"); }
  var button = document.querySelector(".type-toggle");
  if (!button) { return; }
  button.hidden = false;
  button.setAttribute("aria-pressed", root.classList.contains("large-type") ? "true" : "false");
  button.addEventListener("click", function () {
    var on = root.classList.toggle("large-type");
    button.setAttribute("aria-pressed", on ? "true" : "false");
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: this page only */ }
  });
}());
