// Draws each page's trade chart from the JSON the page embeds. The same numbers are in a table
// next to the chart, so the page reads fine without JavaScript.
"use strict";
(function () {
  const palette = ["#0b5cad", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0f766e", "#a16207", "#475569"];

  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    const data = JSON.parse(source.textContent);
    const locale = document.documentElement.lang || "en";
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const datasets = data.datasets.map(function (set, index) {
      const color = palette[index % palette.length];
      return {
        label: set.label,
        data: set.data,
        borderColor: color,
        backgroundColor: color,
        borderDash: set.dashed ? [6, 4] : [],
        spanGaps: false,
        tension: 0.15,
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return number.format(v); } } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.parsed.y === null ? null : ctx.dataset.label + ": " + number.format(ctx.parsed.y);
              },
            },
          },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
