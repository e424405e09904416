// The topics page's charts (三公经费, 转移支付, 债务到期分布, 决算与预算) from the JSON the page carries (set-up in
// renda/charts.js). A bar of a unit or a 主管部门 opens its drill-down (the address comes from the chart's data-href).
(function () {
  function bars(node, labels, series, href, ids) {
    var chart = rendaCharts.draw(node, {
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " 万元"; } },
      legend: {}, grid: rendaCharts.grid(),
      xAxis: rendaCharts.categoryAxis(labels, 6, 40),
      yAxis: { type: "value", name: "万元" },
      series: series
    });
    if (href && ids) {
      chart.on("click", function (p) {
        if (ids[p.dataIndex] !== undefined) window.location.href = href + encodeURIComponent(ids[p.dataIndex]);
      });
    }
  }

  rendaCharts.whenData("topic-charts", function (d) {
    document.querySelectorAll("[data-topic-chart]").forEach(function (node) {
      var name = node.getAttribute("data-topic-chart");
      var s = d[name];
      if (!s || !s.labels.length) return;
      var href = node.getAttribute("data-href");
      if (name === "three_public") {
        bars(node, s.labels, [
          { name: "预算", type: "bar", data: s.budget },
          { name: "已支付", type: "bar", data: s.paid },
          { name: "上年同期", type: "bar", data: s.last }
        ], href, s.ids);
      } else if (name === "transfers") {
        bars(node, s.labels, [{ name: "已支付", type: "bar", data: s.paid }]);
      } else if (name === "maturity") {
        bars(node, s.labels, [
          { name: "一般债券", type: "bar", stack: "debt", data: s.general },
          { name: "专项债券", type: "bar", stack: "debt", data: s.special }
        ]);
      } else if (name === "finals") {
        bars(node, s.labels, [
          { name: "预算", type: "bar", data: s.budget },
          { name: "决算", type: "bar", data: s.final }
        ], href, s.ids);
      }
    });
  });
})();
