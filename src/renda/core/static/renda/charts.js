// The one ECharts set-up of every chart page: the data comes from the page's json_script element (no inline
// script), charts are SVG and follow the window's size. Load after vendor/echarts and before the page's own script.
window.rendaCharts = (function () {
  // Calls fn(data) once the page is ready, with the parsed JSON of element `dataId`, if it and ECharts are there.
  function whenData(dataId, fn) {
    function run() {
      var el = document.getElementById(dataId);
      if (!el || typeof echarts === "undefined") return;
      fn(JSON.parse(el.textContent));
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
  }

  // Draws `option` in `node` as SVG, resized with the window; returns the chart.
  function draw(node, option) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  // The plot area of the charts: 8px margins, labels inside; `top` only where a legend needs the room.
  function grid(top) {
    var g = { left: 8, right: 8, bottom: 8, containLabel: true };
    if (top !== undefined) g.top = top;
    return g;
  }

  // The category axis of the bar charts: every label shown, turned by `angle` when there are more than `turnAfter`.
  function categoryAxis(labels, turnAfter, angle) {
    return { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > turnAfter ? angle : 0 } };
  }

  return { whenData: whenData, draw: draw, grid: grid, categoryAxis: categoryAxis };
})();
