// Draws the 办理情况 charts from the JSON the page carries (no inline script).
(function () {
  function draw() {
    var el = document.getElementById("pr-chart-data");
    if (!el || typeof echarts === "undefined") return;
    var data = JSON.parse(el.textContent);
    document.querySelectorAll("[data-pr-chart]").forEach(function (node) {
      var s = data[node.getAttribute("data-pr-chart")];
      if (!s) return;
      var chart = echarts.init(node, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: ["办复率", "按期办复率", "满意率", "A类率"] },
        grid: { left: 8, right: 8, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: s.labels, axisLabel: { interval: 0, rotate: s.labels.length > 6 ? 40 : 0 } },
        yAxis: { type: "value", max: 100 },
        series: ["办复率", "按期办复率", "满意率", "A类率"].map(function (k) {
          return { name: k, type: "bar", data: s[k] };
        })
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
