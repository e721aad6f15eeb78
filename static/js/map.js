// Shows the located projects on a Leaflet map. Tiles come from the configured tile URL; with
// none configured, the markers still show on a plain background.
"use strict";
(function () {
  function show(element) {
    const source = document.getElementById(element.dataset.points);
    if (!source || typeof L === "undefined") { return; }
    const points = JSON.parse(source.textContent);
    const map = L.map(element, { scrollWheelZoom: false, attributionControl: Boolean(element.dataset.tiles) });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 12, attribution: element.dataset.attribution || "" }).addTo(map);
    } else {
      element.classList.add("map--no-tiles");
    }
    const markers = points.map(function (point) {
      const marker = L.circleMarker([point.lat, point.lng], {
        radius: 7, color: "#0b5cad", weight: 2, fillColor: "#3b82f6", fillOpacity: 0.8,
      });
      const link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      const wrapper = document.createElement("div");
      wrapper.appendChild(link);
      wrapper.appendChild(document.createElement("br"));
      wrapper.appendChild(document.createTextNode(point.status));
      marker.bindPopup(wrapper);
      marker.bindTooltip(point.title);
      return marker.addTo(map);
    });
    const labels = document.getElementById(element.dataset.labels);
    if (labels) {
      JSON.parse(labels.textContent).forEach(function (label) {
        L.tooltip({ permanent: true, direction: "center", className: "map-label", interactive: false })
          .setLatLng([label.lat, label.lng]).setContent(label.name).addTo(map);
      });
    }
    element.dataset.markers = String(markers.length);
    if (markers.length === 1) {
      map.setView(markers[0].getLatLng(), 4);
    } else {
      map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2));
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".map[data-points]").forEach(show);
  });
})();
