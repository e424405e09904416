// Draws the 完成情况统计 charts of a work plan (set-up in renda/charts.js).
rendaCharts.whenData("chart-data", function (data) {
  document.querySelectorAll("[data-chart]").forEach(function (node) {
    var s = data[node.getAttribute("data-chart")];
    if (!s) return;
    rendaCharts.draw(node, {
      tooltip: { trigger: "axis" },
      legend: { data: ["已完成", "未完成", "逾期"] },
      grid: rendaCharts.grid(),
      xAxis: rendaCharts.categoryAxis(s.labels, 6, 40),
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "已完成", type: "bar", stack: "all", data: s.done, itemStyle: { color: "#1e6b34" } },
        { name: "未完成", type: "bar", stack: "all", data: s.open, itemStyle: { color: "#8aa9c9" } },
        { name: "逾期", type: "line", data: s.overdue, itemStyle: { color: "#b00020" } }
      ]
    });
  });
});
