// Draws each page's chart from the JSON the page embeds, the way a reader can trust: a true year
// axis (a missing year is a gap, not a shorter step), straight lines between real values, the
// unit on the axis, and one colour per country on every page and in every language. Under the
// chart, "Download CSV" and "Download PNG" give exactly what is drawn. The same numbers are in
// the table next to the chart, so the page reads fine without JavaScript. Chart.js is fetched
// and a chart drawn only when the chart comes into view (whenInView, site.js).
"use strict";
(function () {
  const LIBRARY = document.currentScript && document.currentScript.dataset.chartLibrary;
  let library = null;
  // By ISO code, so Kazakhstan is the same blue wherever it appears.
  const COLOURS = {
    KZ: "#1f6fb5", KG: "#c26a00", TJ: "#0f8a5f", TM: "#7c3aed", UZ: "#c2185b",
    XC: "#374151", CN: "#b91c1c", target: "#4b5563",
  };
  const SPARE = ["#0e7490", "#a16207", "#4d7c0f", "#9f1239", "#1e3a8a"];
  const MARKED = new Set(["about", "at_least", "at_most"]);

  function colour(set, index) {
    return COLOURS[set.key] || SPARE[index % SPARE.length];
  }

  function csvCell(value) {
    const text = value === null || value === undefined ? "" : String(value);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(name, href) {
    const link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function toCsv(data) {
    const rows = [["series", "year", "value", "unit"]];
    data.datasets.forEach(function (set) {
      data.labels.forEach(function (year, i) {
        if (set.data[i] !== null) rows.push([set.label, year, set.data[i], data.unit || ""]);
      });
    });
    return "\ufeff" + rows.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  function toPng(canvas) {
    // The canvas is transparent: paint it on white so the image reads anywhere.
    const copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    const context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(canvas, 0, 0);
    return copy.toDataURL("image/png");
  }

  function actions(canvas, data) {
    const box = document.querySelector('[data-chart-actions="' + canvas.id + '"]');
    if (!box) return;
    box.hidden = false;
    box.querySelectorAll("[data-chart-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        const name = button.dataset.filename || canvas.id;
        if (button.dataset.chartDownload === "csv") {
          const blob = new Blob([toCsv(data)], { type: "text/csv;charset=utf-8" });
          const url = URL.createObjectURL(blob);
          download(name + ".csv", url);
          setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        } else {
          download(name + ".png", toPng(canvas));
        }
      });
    });
  }

  function loadLibrary() {
    if (typeof Chart !== "undefined") return Promise.resolve();
    if (!library) {
      library = new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = LIBRARY;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return library;
  }

  function draw(canvas, data) {
    const locale = document.documentElement.lang || "en";
    const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
    const unit = data.unit || "";
    const datasets = data.datasets.map(function (set, index) {
      const color = colour(set, index);
      const qualifiers = set.qualifiers || [];
      const publishers = set.publishers || [];
      return {
        label: set.label,
        key: set.key,
        data: data.labels.map(function (year, i) { return { x: year, y: set.data[i] }; }),
        qualifiers: qualifiers,
        borderColor: color,
        backgroundColor: color,
        borderDash: set.dashed ? [6, 4] : [],
        borderWidth: 2,
        spanGaps: false,
        tension: 0,
        // No line between two values that different offices published.
        segment: {
          borderColor: function (ctx) {
            const a = publishers[ctx.p0DataIndex];
            const b = publishers[ctx.p1DataIndex];
            return a && b && a !== b ? "rgba(0,0,0,0)" : undefined;
          },
        },
        pointRadius: function (ctx) { return MARKED.has(qualifiers[ctx.dataIndex]) ? 5 : 3; },
        pointStyle: function (ctx) { return MARKED.has(qualifiers[ctx.dataIndex]) ? "triangle" : "circle"; },
      };
    });
    const first = data.labels[0];
    const last = data.labels[data.labels.length - 1];
    const chart = new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: true,
        interaction: { mode: "x", intersect: false },
        scales: {
          x: {
            type: "linear",
            min: first === last ? first - 1 : first,
            max: first === last ? last + 1 : last,
            ticks: { stepSize: 1, precision: 0, callback: function (v) { return Number.isInteger(v) ? String(v) : ""; } },
          },
          y: {
            beginAtZero: true,
            title: { display: Boolean(unit), text: unit },
            ticks: { callback: function (v) { return number.format(v); } },
          },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            itemSort: function (a, b) { return (b.parsed.y || 0) - (a.parsed.y || 0); },
            callbacks: {
              title: function (items) { return items.length ? String(items[0].parsed.x) : ""; },
              label: function (ctx) {
                if (ctx.parsed.y === null) return null;
                return ctx.dataset.label + ": " + number.format(ctx.parsed.y) + (unit ? " " + unit : "");
              },
            },
          },
        },
      },
    });
    roomForEverySeries(chart, canvas.parentElement);
    canvas.dataset.drawn = "true";
  }

  // On a phone, a chart of many series (China's page has twelve) gave its legend half of its
  // height, cut the other names off and left the plot a sliver. Such a chart's box is made tall
  // enough beforehand (`.chart--many`), so nothing moves as it is drawn; where it is still too
  // short, the box grows until every series is named and the plot keeps 8rem.
  function roomForEverySeries(chart, box) {
    const least = 8 * parseFloat(getComputedStyle(document.documentElement).fontSize);
    for (let round = 0; round < 3; round++) {
      const legend = chart.legend;
      const boxes = legend && legend.legendHitBoxes;
      if (!boxes || !boxes.length) return;
      const rows = 1 + Math.max.apply(null, boxes.map(function (hit) { return hit.row || 0; }));
      const named = rows * (boxes[0].height + legend.options.labels.padding) + 10;
      const plot = chart.chartArea.bottom - chart.chartArea.top;
      const missing = Math.max(0, named - legend.height) + Math.max(0, least - plot);
      if (missing < 1) return;
      box.style.height = Math.ceil(box.clientHeight + missing) + "px";
      chart.resize();
    }
  }

  function prepare(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    const data = JSON.parse(source.textContent);
    if (!data.labels || !data.labels.length) { return; }
    actions(canvas, data);  // shown now, so nothing moves when the chart is drawn
    whenInView(canvas, function () {
      loadLibrary().then(function () { draw(canvas, data); }, function () {
        canvas.dataset.drawn = "failed";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(prepare);
  });
})();
