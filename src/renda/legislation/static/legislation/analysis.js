// Charts of the comment-analysis page, from the JSON the page carries (json_script "analysis-data"; no inline
// script). Clicking an article's bar opens the comments of that article on the per-article page.
(function () {
  function draw() {
    var el = document.getElementById("analysis-data");
    if (!el || typeof echarts === "undefined") return;
    var data = JSON.parse(el.textContent);
    var charts = [];
    var provNode = document.querySelector("[data-analysis-chart='provisions']");
    if (provNode && data.provisions) {
      var p = data.provisions;
      var chart = echarts.init(provNode, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: ["意见", "参与人数", "归并后", "疑似集中意见"] },
        grid: { left: 8, right: 8, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: p.labels, axisLabel: { interval: 0, rotate: p.labels.length > 8 ? 45 : 0 } },
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
      charts.push(chart);
    }
    var dayNode = document.querySelector("[data-analysis-chart='timeline']");
    if (dayNode && data.timeline) {
      var t = data.timeline;
      var kind = t.days.length < 8 ? "bar" : "line";  // a line through one or two days is a dot: bars then
      var tchart = echarts.init(dayNode, null, { renderer: "svg" });
      tchart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: ["每日意见", "其中疑似集中意见"] },
        grid: { left: 8, right: 8, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: t.days },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: "每日意见", type: kind, data: t.comments, itemStyle: { color: "#2f5d8a" } },
          { name: "其中疑似集中意见", type: kind, data: t.campaign, itemStyle: { color: "#b00020" } }
        ]
      });
      charts.push(tchart);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
