#!/usr/bin/env bash
# Refresh the vendored front-end libraries from the npm registry at the pinned versions.
# Needs npm only when run; the site itself needs no Node.js. Usage: static/vendor/update.sh
set -euo pipefail
cd "$(dirname "$0")"
CHARTJS=4.6.1
LEAFLET=1.9.4
MARKERCLUSTER=1.5.3
WORLD_ATLAS=2.0.2      # Natural Earth 1:50m countries (public domain), as TopoJSON
TOPOJSON_CLIENT=3.1.0  # turns it into the region's GeoJSON here; not served
AXE=4.14.1   # used by the browser tests only

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() { (cd "$work" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" && tar -xzf "$1"-*.tgz -C "$1" --strip-components=1); }

fetch chart.js "$CHARTJS"
rm -rf chartjs && mkdir -p chartjs
# The source maps too: the scripts name them, and collectstatic refuses a missing reference.
cp "$work/chart.js/dist/chart.umd.min.js" "$work/chart.js/dist/chart.umd.min.js.map" chartjs/
cp "$work/chart.js/LICENSE.md" chartjs/LICENSE.md
echo "$CHARTJS" > chartjs/VERSION

fetch leaflet "$LEAFLET"
rm -rf leaflet && mkdir -p leaflet
cp "$work/leaflet/dist/leaflet.js" "$work/leaflet/dist/leaflet.js.map" "$work/leaflet/dist/leaflet.css" leaflet/
cp -r "$work/leaflet/dist/images" leaflet/images
cp "$work/leaflet/LICENSE" leaflet/LICENSE
echo "$LEAFLET" > leaflet/VERSION

fetch leaflet.markercluster "$MARKERCLUSTER"
rm -rf leaflet.markercluster && mkdir -p leaflet.markercluster
cp "$work/leaflet.markercluster/dist/leaflet.markercluster.js" \
  "$work/leaflet.markercluster/dist/leaflet.markercluster.js.map" \
  "$work/leaflet.markercluster/dist/MarkerCluster.css" \
  "$work/leaflet.markercluster/dist/MarkerCluster.Default.css" leaflet.markercluster/
cp "$work/leaflet.markercluster/MIT-LICENCE.txt" leaflet.markercluster/LICENSE
echo "$MARKERCLUSTER" > leaflet.markercluster/VERSION

# The basemap: the countries of China, Central Asia and their neighbours, with no tile server.
fetch world-atlas "$WORLD_ATLAS"
fetch topojson-client "$TOPOJSON_CLIENT"
rm -rf world-atlas && mkdir -p world-atlas
node natural-earth-region.cjs "$work/topojson-client" "$work/world-atlas/countries-50m.json" \
  > world-atlas/region-50m.geojson
cp "$work/world-atlas/LICENSE" world-atlas/LICENSE
cat >> world-atlas/LICENSE <<'NOTE'

The country shapes are Natural Earth's 1:50m Admin 0 countries (naturalearthdata.com), in the
public domain; world-atlas converts them to TopoJSON. Borders are drawn as Natural Earth draws
them (de facto), which is no position on any dispute.
NOTE
echo "$WORLD_ATLAS" > world-atlas/VERSION

fetch axe-core "$AXE"
axe=../../tests/browser/vendor/axe-core   # not served: the tests inject it into pages
rm -rf "$axe" && mkdir -p "$axe"
cp "$work/axe-core/axe.min.js" "$work/axe-core/LICENSE" "$axe/"
echo "$AXE" > "$axe/VERSION"

echo "vendored chart.js $CHARTJS, leaflet $LEAFLET, leaflet.markercluster $MARKERCLUSTER," \
  "world-atlas $WORLD_ATLAS, axe-core $AXE"
