// Draws the composition charts: a ring up to six groups, bars beyond (set-up in renda/charts.js).
rendaCharts.whenData("composition-data", function (data) {
  document.querySelectorAll("[data-composition]").forEach(function (node) {
    var s = data[node.getAttribute("data-composition")];
    if (!s || !s.labels.length) return;
    var pie = s.labels.length <= 6;
    rendaCharts.draw(node, pie ? {
      tooltip: { trigger: "item", formatter: "{b}：{c} 名（{d}%）" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: s.labels.map(function (l, i) { return { name: l, value: s.values[i] }; }),
                 label: { formatter: "{b}\n{d}%" } }]
    } : {
      tooltip: { trigger: "axis" },
      grid: rendaCharts.grid(),
      xAxis: rendaCharts.categoryAxis(s.labels, 6, 40),
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: s.values, itemStyle: { color: "#0b57a4" } }]
    });
  });
});
