// Hot-issues charts from the JSON the page carries (json_script "hot-data"); no inline script.
(function () {
  function draw() {
    var el = document.getElementById("hot-data");
    if (!el || typeof echarts === "undefined") return;
    var data = JSON.parse(el.textContent);
    var weekly = document.querySelector('[data-hot="weekly"]');
    if (weekly) {
      var chart = echarts.init(weekly, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { type: "scroll", top: 0 },
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.weeks, name: "周" },
        yAxis: { type: "value", minInterval: 1 },
        series: data.series.map(function (s) {
          return { name: s.name, type: "line", data: s.data, smooth: true,
                   lineStyle: s.comments ? { type: "dashed" } : undefined };
        })
      });
      window.addEventListener("resize", function () { chart.resize(); });
    }
    var places = document.querySelector('[data-hot="places"]');
    if (places) {
      var bar = echarts.init(places, null, { renderer: "svg" });
      bar.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.places.names, axisLabel: { interval: 0, rotate: data.places.names.length > 5 ? 30 : 0 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: "意见数", type: "bar", data: data.places.counts, itemStyle: { color: "#a4121b" } }]
      });
      window.addEventListener("resize", function () { bar.resize(); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
