// Draws the 办理情况 charts (set-up in renda/charts.js).
rendaCharts.whenData("pr-chart-data", function (data) {
  var rates = ["办复率", "按期办复率", "满意率", "A类率"];
  document.querySelectorAll("[data-pr-chart]").forEach(function (node) {
    var s = data[node.getAttribute("data-pr-chart")];
    if (!s) return;
    rendaCharts.draw(node, {
      tooltip: { trigger: "axis" },
      legend: { data: rates },
      grid: rendaCharts.grid(),
      xAxis: rendaCharts.categoryAxis(s.labels, 6, 40),
      yAxis: { type: "value", max: 100 },
      series: rates.map(function (k) {
        return { name: k, type: "bar", data: s[k] };
      })
    });
  });
});
