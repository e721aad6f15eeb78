// Shows the located projects on a Leaflet map. The basemap is the region's country borders
// (Natural Earth, served with the site), so the map needs no tile server; configured tiles,
// if any, are drawn under them. Markers are coloured by status, grouped where they overlap,
// (a finance record's by its instrument) and open a popup with the project's title, status and
// countries. A linear project (railway,
// road, pipeline, power line) with waypoints is also drawn as a line in its status colour:
// dashed, and called "approximate route", unless its route is marked surveyed. Leaflet, its
// styles and the clustering are fetched, and a map drawn, when it comes into view (whenInView,
// site.js).
"use strict";
(function () {
  const ASSETS = document.currentScript ? document.currentScript.dataset : {};
  let library = null;
  const STATUS_COLOURS = {
    operational: "#15803d",
    under_construction: "#b45309",
    planned: "#1d4ed8",
    announced: "#6d28d9",
    suspended: "#b91c1c",
    cancelled: "#4b5563",
    // Finance records are marked by their instrument.
    loan: "#1d4ed8",
    grant: "#15803d",
    export_credit: "#b45309",
    credit_line: "#6d28d9",
    in_kind: "#0e7490",
    debt_relief: "#b91c1c",
    other: "#4b5563",
    unstated: "#1b1f23",
  };
  // Natural Earth's ISO 3166 numeric codes: China and the five Central Asian states.
  const CORE = new Set(["156", "398", "417", "762", "795", "860"]);
  const REGION = [[5, 20], [65, 150]];  // the map never pans far from the region

  function colour(point) {
    return STATUS_COLOURS[point.status_code] || "#1b1f23";
  }

  function popup(point, routeText) {
    const wrapper = document.createElement("div");
    const link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    const title = document.createElement("strong");
    title.appendChild(link);
    wrapper.appendChild(title);
    [point.status, point.countries, routeText].forEach(function (text) {
      if (!text) return;
      wrapper.appendChild(document.createElement("br"));
      wrapper.appendChild(document.createTextNode(text));
    });
    return wrapper;
  }

  function legend(map, points, title, routeLabels) {
    const seen = new Map();
    const lines = new Set();
    points.forEach(function (point) {
      seen.set(point.status_code, point.status);
      if (point.route) lines.add(point.route_surveyed ? "surveyed" : "approximate");
    });
    const control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      // Folded on a narrow map, where it would cover the markers; a tap on its title opens it.
      const box = L.DomUtil.create("details", "map-legend");
      box.open = map.getSize().x >= 600;
      L.DomEvent.disableClickPropagation(box);
      const heading = L.DomUtil.create("summary", "", box);
      heading.textContent = title;
      const list = L.DomUtil.create("ul", "", box);
      seen.forEach(function (label, code) {
        const item = L.DomUtil.create("li", "", list);
        const swatch = L.DomUtil.create("span", "map-legend__swatch map-legend__swatch--" + code, item);
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(document.createTextNode(label));
      });
      ["approximate", "surveyed"].forEach(function (kind) {
        if (!lines.has(kind)) return;
        const item = L.DomUtil.create("li", "map-legend__route", list);
        const swatch = L.DomUtil.create("span", "map-legend__line map-legend__line--" + kind, item);
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(document.createTextNode(routeLabels[kind]));
      });
      return box;
    };
    control.addTo(map);
  }

  // The borders come in a few countries at a time, yielding to the browser between batches, so
  // drawing 11,000 points never holds the page for long; China and its neighbours come first.
  // Their own pane keeps them under the routes and markers whatever order they arrive in.
  function basemap(map, element) {
    map.createPane("basemap").style.zIndex = 350;  // over tiles (200), under overlays (400)
    fetch(element.dataset.basemap).then(function (response) {
      if (!response.ok) throw new Error("basemap " + response.status);
      return response.json();
    }).then(function (countries) {
      const layer = L.geoJSON(null, {
        pane: "basemap",
        interactive: false,
        style: function (feature) {
          const core = CORE.has(String(feature.id));
          return {
            className: "map-country",
            color: "#6b7280", weight: core ? 1.2 : 0.8,
            fillColor: core ? "#fbfaf5" : "#eceae2", fillOpacity: 1,
          };
        },
      }).addTo(map);
      // A country of many parts (Russia has 99) goes in part by part, so none is one long task.
      const waiting = [];
      countries.features.slice().sort(function (a, b) {
        return CORE.has(String(b.id)) - CORE.has(String(a.id));
      }).forEach(function (feature) {
        if (feature.geometry.type !== "MultiPolygon") { waiting.push(feature); return; }
        feature.geometry.coordinates.forEach(function (polygon) {
          waiting.push({ type: "Feature", id: feature.id, properties: feature.properties,
            geometry: { type: "Polygon", coordinates: polygon } });
        });
      });
      (function batch() {
        const started = performance.now();
        while (waiting.length && performance.now() - started < 8) layer.addData(waiting.shift());
        if (waiting.length) {
          setTimeout(batch, 0);
        } else {
          element.dataset.basemapReady = "true";
        }
      })();
    }).catch(function () {
      element.dataset.basemapReady = "failed";
    });
  }

  // Country names come China and Central Asia first; a name that would print over one
  // already shown is hidden at that zoom (on a phone, the Caucasus and Central Asia piled up).
  function declutter(names) {
    const shown = [];
    names.forEach(function (name) {
      const label = name.getElement();
      if (!label) return;
      label.style.visibility = "";
      const box = label.getBoundingClientRect();
      const clash = shown.some(function (other) {
        return box.left < other.right && box.right > other.left
          && box.top < other.bottom && box.bottom > other.top;
      });
      if (clash) {
        label.style.visibility = "hidden";
      } else {
        shown.push(box);
      }
    });
  }

  function fetched(tag, attributes) {
    return new Promise(function (resolve, reject) {
      const element = document.createElement(tag);
      Object.assign(element, attributes, { onload: resolve, onerror: reject });
      document.head.appendChild(element);
    });
  }

  function loadLibrary() {
    if (!library) {
      const styles = (ASSETS.styles || "").split(" ").filter(Boolean).map(function (href) {
        return fetched("link", { rel: "stylesheet", href: href });
      });
      // The clustering extends Leaflet, so it comes after it.
      const scripts = fetched("script", { src: ASSETS.leaflet }).then(function () {
        return ASSETS.clusters ? fetched("script", { src: ASSETS.clusters }) : null;
      });
      library = Promise.all(styles.concat([scripts]));
    }
    return library;
  }

  function show(element) {
    const source = document.getElementById(element.dataset.points);
    if (!source || typeof L === "undefined") { return; }
    const points = JSON.parse(source.textContent);
    const map = L.map(element, {
      scrollWheelZoom: false, minZoom: 2, maxZoom: 10, maxBounds: L.latLngBounds(REGION).pad(0.5),
      maxBoundsViscosity: 0.8, zoomControl: false,
    });
    // Leaflet's own buttons are titled in English; the page's language names them.
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || "Zoom in",
      zoomOutTitle: element.dataset.zoomOut || "Zoom out",
    }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(element.dataset.basemapCredit || "Natural Earth");
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 10, attribution: element.dataset.attribution || "" }).addTo(map);
      element.dataset.basemapReady = "tiles";
    } else {
      element.classList.add("map--no-tiles");
      basemap(map, element);
    }
    const labels = document.getElementById(element.dataset.labels);
    if (labels) {
      const names = JSON.parse(labels.textContent).map(function (label) {
        return L.tooltip({ permanent: true, direction: "center", className: "map-label", interactive: false })
          .setLatLng([label.lat, label.lng]).setContent(label.name).addTo(map);
      });
      map.on("zoomend", function () { declutter(names); });
      map.whenReady(function () { declutter(names); });
    }
    const group = typeof L.markerClusterGroup === "function"
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 35, spiderfyOnMaxZoom: true })
      : L.featureGroup();
    const routeLabels = {
      approximate: element.dataset.routeApproximate || "Approximate route",
      surveyed: element.dataset.routeSurveyed || "Surveyed route",
    };
    const routes = L.featureGroup();
    points.forEach(function (point) {
      if (!point.route) return;
      const kind = point.route_surveyed ? "surveyed" : "approximate";
      L.polyline(point.route, {
        color: colour(point), weight: 4, opacity: 0.85, dashArray: kind === "approximate" ? "8 6" : null,
        className: "map-route map-route--" + kind + " map-route--" + point.status_code,
      }).bindPopup(popup(point, routeLabels[kind])).addTo(routes);
    });
    routes.addTo(map);
    const markers = points.map(function (point) {
      const marker = L.circleMarker([point.lat, point.lng], {
        radius: 7, color: "#ffffff", weight: 1.5, fillColor: colour(point), fillOpacity: 0.95,
        className: "map-marker map-marker--" + point.status_code,
      });
      const kind = point.route ? (point.route_surveyed ? "surveyed" : "approximate") : null;
      marker.bindPopup(popup(point, kind && routeLabels[kind]));
      group.addLayer(marker);
      return marker;
    });
    group.addTo(map);
    legend(map, points, element.dataset.legend || "", routeLabels);
    element.dataset.markers = String(markers.length);
    element.dataset.routes = String(routes.getLayers().length);
    if (markers.length === 1 && routes.getLayers().length === 0) {
      map.setView(markers[0].getLatLng(), 6);
    } else {
      const bounds = L.featureGroup(markers).getBounds();
      if (routes.getLayers().length) bounds.extend(routes.getBounds());
      map.fitBounds(bounds.pad(0.2), { maxZoom: 7 });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".map[data-points]").forEach(function (element) {
      whenInView(element, function () {
        loadLibrary().then(function () { show(element); }, function () {
          element.dataset.basemapReady = "failed";
        });
      });
    });
  });
})();
