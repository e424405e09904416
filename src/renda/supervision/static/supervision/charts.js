// Supervision charts, drawn from the JSON the page carries (no inline script; same pattern as renda/charts.js).
(function () {
  function num(v) { return v === null || v === undefined ? "-" : v; }
  function picture(node, data) {
    var s = data.picture;
    if (!s) return;
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: s.series.map(function (x) { return x.name; }), type: "scroll" },
      grid: { left: 8, right: 8, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: "category", data: s.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: s.series.map(function (x) {
        return { name: x.name, type: "bar", data: x.data,
                 itemStyle: x.key === "rect_overdue" ? { color: "#b00020" } : undefined };
      })
    });
    return chart;
  }
  function figure(node, data) {
    var c = (data.charts || [])[parseInt(node.getAttribute("data-index"), 10)];
    if (!c) return;
    var chart = echarts.init(node, null, { renderer: "svg" });
    var series = [];
    if (c.budget.some(function (v) { return v !== null; })) series.push({ name: "预算数", type: "bar", data: c.budget.map(num), itemStyle: { color: "#8aa9c9" } });
    if (c.adjusted.some(function (v) { return v !== null; })) series.push({ name: "调整预算数", type: "bar", data: c.adjusted.map(num), itemStyle: { color: "#c9a98a" } });
    series.push({ name: "执行数/决算数", type: "bar", data: c.actual.map(num), itemStyle: { color: "#1e6b34" } });
    series.push({ name: "同比增长（%）", type: "line", yAxisIndex: 1, data: c.growth.map(num), itemStyle: { color: "#b00020" } });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: series.map(function (x) { return x.name; }) },
      grid: { left: 8, right: 8, bottom: 8, top: 72, containLabel: true },
      xAxis: { type: "category", data: c.years },
      yAxis: [{ type: "value", name: c.unit }, { type: "value", name: "%", splitLine: { show: false } }],
      series: series
    });
    return chart;
  }
  function draw() {
    var el = document.getElementById("sup-chart-data");
    if (!el || typeof echarts === "undefined") return;
    var data = JSON.parse(el.textContent);
    document.querySelectorAll("[data-sup-chart]").forEach(function (node) {
      var kind = node.getAttribute("data-sup-chart");
      var chart = kind === "picture" ? picture(node, data) : figure(node, data);
      if (chart) window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
