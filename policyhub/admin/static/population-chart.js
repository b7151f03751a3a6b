// The population page's chart: enterprises by region, stacked by status. The figures come from the page's
// <script type="application/json" id="ph-population-chart-data"> (the same figures as the table below it);
// Apache ECharts is served from this package (static/echarts/, see its README.md).
(function () {
  var holder = document.getElementById('ph-population-chart');
  var source = document.getElementById('ph-population-chart-data');
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var colours = { qualifies: '#2b7a3d', near: '#e0a800', missing: '#17a2b8', fails: '#adb5bd' };
  var chart = window.echarts.init(holder, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: data.regions, inverse: true },
    series: data.series.map(function (s) {
      return { type: 'bar', stack: 'all', name: s.name, data: s.data, itemStyle: { color: colours[s.key] },
               label: { show: true, formatter: function (p) { return p.value ? p.value : ''; } } };
    })
  });
  holder.setAttribute('data-rendered', 'yes');
  window.addEventListener('resize', function () { chart.resize(); });
}());
