// Cumulative execution rate of the selection, this year against earlier years and the typical curve (no inline script).
(function () {
  function draw() {
    var el = document.getElementById("budget-chart");
    var node = document.querySelector("[data-budget-chart]");
    if (!el || !node || typeof echarts === "undefined") return;
    var d = JSON.parse(el.textContent);
    var series = Object.keys(d.rates).map(function (y) {
      return { name: y + "年", type: "line", data: d.rates[y], smooth: true };
    });
    if (d.typical.length) series.push({ name: "典型曲线", type: "line", data: d.typical, lineStyle: { type: "dashed" } });
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" }, legend: {}, grid: { left: 8, right: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.months }, yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
      series: series
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
