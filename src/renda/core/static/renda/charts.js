// Draws the dashboard charts from the JSON the page carries (no inline script).
(function () {
  function draw() {
    var el = document.getElementById("chart-data");
    if (!el || typeof echarts === "undefined") return;
    var data = JSON.parse(el.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var s = data[node.getAttribute("data-chart")];
      if (!s) return;
      var chart = echarts.init(node, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: ["已完成", "未完成", "逾期"] },
        grid: { left: 8, right: 8, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: s.labels, axisLabel: { interval: 0, rotate: s.labels.length > 6 ? 40 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: "已完成", type: "bar", stack: "all", data: s.done, itemStyle: { color: "#1e6b34" } },
          { name: "未完成", type: "bar", stack: "all", data: s.open, itemStyle: { color: "#8aa9c9" } },
          { name: "逾期", type: "line", data: s.overdue, itemStyle: { color: "#b00020" } }
        ]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
