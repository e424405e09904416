// Draws the composition charts from the JSON the page carries (no inline script).
(function () {
  function draw() {
    var el = document.getElementById("composition-data");
    if (!el || typeof echarts === "undefined") return;
    var data = JSON.parse(el.textContent);
    document.querySelectorAll("[data-composition]").forEach(function (node) {
      var s = data[node.getAttribute("data-composition")];
      if (!s || !s.labels.length) return;
      var chart = echarts.init(node, null, { renderer: "svg" });
      var pie = s.labels.length <= 6;
      chart.setOption(pie ? {
        tooltip: { trigger: "item", formatter: "{b}：{c} 名（{d}%）" },
        series: [{ type: "pie", radius: ["35%", "65%"], data: s.labels.map(function (l, i) { return { name: l, value: s.values[i] }; }),
                   label: { formatter: "{b}\n{d}%" } }]
      } : {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 8, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: s.labels, axisLabel: { interval: 0, rotate: s.labels.length > 6 ? 40 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: s.values, itemStyle: { color: "#0b57a4" } }]
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
