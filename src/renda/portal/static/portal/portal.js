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
      if (!eid) { if (picked) { picked.textContent = ""; } return; }
      var link = document.querySelector('.pick[data-eid="' + eid + '"]');
      if (link && link.parentNode) { link.parentNode.classList.add("selected"); }
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
