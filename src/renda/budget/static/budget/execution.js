// Cumulative execution rate of the selection, this year against earlier years and the typical curve (set-up in
// renda/charts.js).
rendaCharts.whenData("budget-chart", function (d) {
  var node = document.querySelector("[data-budget-chart]");
  if (!node) return;
  var series = Object.keys(d.rates).map(function (y) {
    return { name: y + "年", type: "line", data: d.rates[y], smooth: true };
  });
  if (d.typical.length) series.push({ name: "典型曲线", type: "line", data: d.typical, lineStyle: { type: "dashed" } });
  rendaCharts.draw(node, {
    tooltip: { trigger: "axis" }, legend: {}, grid: rendaCharts.grid(),
    xAxis: { type: "category", data: d.months }, yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: series
  });
});
