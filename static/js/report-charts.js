// Charts of the report pages (issue 10): each <canvas data-chart-source="ID"> is drawn by the
// vendored Chart.js from the JSON in <script id="ID" type="application/json"> (json_script).
// The same figures stand in the table under each chart, for screen readers and for print.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var palette = ["#2f6f9f", "#d08a2c", "#4c9a52", "#a0443c", "#7a5aa6", "#666666"];
  document.querySelectorAll("canvas[data-chart-source]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (d, i) {
      var color = palette[i % palette.length];
      return { label: d.label, data: d.data, backgroundColor: color, borderColor: color, spanGaps: true };
    });
    var suffix = spec.unit ? " " + spec.unit : "";
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: spec.unit === "%" ? 100 : undefined } },
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + ctx.formattedValue + suffix; } } }
        }
      }
    });
  });
})();
