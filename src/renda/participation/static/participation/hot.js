// Hot-issues charts from the JSON the page carries (json_script "hot-data"; set-up in renda/charts.js).
rendaCharts.whenData("hot-data", function (data) {
  var weekly = document.querySelector('[data-hot="weekly"]');
  if (weekly) {
    rendaCharts.draw(weekly, {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: rendaCharts.grid(36),
      xAxis: { type: "category", data: data.weeks, name: "周" },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, smooth: true,
                 lineStyle: s.comments ? { type: "dashed" } : undefined };
      })
    });
  }
  var places = document.querySelector('[data-hot="places"]');
  if (places) {
    rendaCharts.draw(places, {
      tooltip: { trigger: "axis" },
      grid: rendaCharts.grid(16),
      xAxis: rendaCharts.categoryAxis(data.places.names, 5, 30),
      yAxis: { type: "value", minInterval: 1 },
      series: [{ name: "意见数", type: "bar", data: data.places.counts, itemStyle: { color: "#a4121b" } }]
    });
  }
});
