// Supervision charts, drawn from the JSON the page carries (set-up in renda/charts.js).
(function () {
  function num(v) { return v === null || v === undefined ? "-" : v; }
  function picture(node, data) {
    var s = data.picture;
    if (!s) return;
    rendaCharts.draw(node, {
      tooltip: { trigger: "axis" },
      legend: { data: s.series.map(function (x) { return x.name; }), type: "scroll" },
      grid: rendaCharts.grid(56),
      xAxis: { type: "category", data: s.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: s.series.map(function (x) {
        return { name: x.name, type: "bar", data: x.data,
                 itemStyle: x.key === "rect_overdue" ? { color: "#b00020" } : undefined };
      })
    });
  }
  function figure(node, data) {
    var c = (data.charts || [])[parseInt(node.getAttribute("data-index"), 10)];
    if (!c) return;
    var series = [];
    if (c.budget.some(function (v) { return v !== null; })) series.push({ name: "预算数", type: "bar", data: c.budget.map(num), itemStyle: { color: "#8aa9c9" } });
    if (c.adjusted.some(function (v) { return v !== null; })) series.push({ name: "调整预算数", type: "bar", data: c.adjusted.map(num), itemStyle: { color: "#c9a98a" } });
    series.push({ name: "执行数/决算数", type: "bar", data: c.actual.map(num), itemStyle: { color: "#1e6b34" } });
    series.push({ name: "同比增长（%）", type: "line", yAxisIndex: 1, data: c.growth.map(num), itemStyle: { color: "#b00020" } });
    rendaCharts.draw(node, {
      tooltip: { trigger: "axis" },
      legend: { data: series.map(function (x) { return x.name; }) },
      grid: rendaCharts.grid(72),
      xAxis: { type: "category", data: c.years },
      yAxis: [{ type: "value", name: c.unit }, { type: "value", name: "%", splitLine: { show: false } }],
      series: series
    });
  }
  rendaCharts.whenData("sup-chart-data", function (data) {
    document.querySelectorAll("[data-sup-chart]").forEach(function (node) {
      if (node.getAttribute("data-sup-chart") === "picture") picture(node, data); else figure(node, data);
    });
  });
})();
