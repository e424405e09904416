// Charts of the comment-analysis page, from the JSON the page carries (json_script "analysis-data"; set-up in
// renda/charts.js). Clicking an article's bar opens the comments of that article on the per-article page.
rendaCharts.whenData("analysis-data", function (data) {
  var provNode = document.querySelector("[data-analysis-chart='provisions']");
  if (provNode && data.provisions) {
    var p = data.provisions;
    var chart = rendaCharts.draw(provNode, {
      tooltip: { trigger: "axis" },
      legend: { data: ["意见", "参与人数", "归并后", "疑似集中意见"] },
      grid: rendaCharts.grid(),
      xAxis: rendaCharts.categoryAxis(p.labels, 8, 45),
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "意见", type: "bar", data: p.comments, itemStyle: { color: "#2f5d8a" } },
        { name: "参与人数", type: "bar", data: p.participants, itemStyle: { color: "#8aa9c9" } },
        { name: "归并后", type: "bar", data: p.distinct, itemStyle: { color: "#1e6b34" } },
        { name: "疑似集中意见", type: "line", data: p.campaign, itemStyle: { color: "#b00020" } }
      ]
    });
    var base = provNode.getAttribute("data-comments-url");
    chart.on("click", function (params) {
      var eid = p.eids[params.dataIndex];
      if (eid === undefined || !base) return;
      window.location.href = base + "?article=" + encodeURIComponent(eid);
    });
  }
  var dayNode = document.querySelector("[data-analysis-chart='timeline']");
  if (dayNode && data.timeline) {
    var t = data.timeline;
    var kind = t.days.length < 8 ? "bar" : "line";  // a line through one or two days is a dot: bars then
    rendaCharts.draw(dayNode, {
      tooltip: { trigger: "axis" },
      legend: { data: ["每日意见", "其中疑似集中意见"] },
      grid: rendaCharts.grid(),
      xAxis: { type: "category", data: t.days },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "每日意见", type: kind, data: t.comments, itemStyle: { color: "#2f5d8a" } },
        { name: "其中疑似集中意见", type: kind, data: t.campaign, itemStyle: { color: "#b00020" } }
      ]
    });
  }
});
