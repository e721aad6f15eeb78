#!/usr/bin/env bash
# Refresh the vendored front-end libraries from the npm registry at the pinned versions.
# Needs npm only when run; the site itself needs no Node.js. Usage: static/vendor/update.sh
set -euo pipefail
cd "$(dirname "$0")"
CHARTJS=4.6.1
LEAFLET=1.9.4
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

fetch axe-core "$AXE"
axe=../../tests/browser/vendor/axe-core   # not served: the tests inject it into pages
rm -rf "$axe" && mkdir -p "$axe"
cp "$work/axe-core/axe.min.js" "$work/axe-core/LICENSE" "$axe/"
echo "$AXE" > "$axe/VERSION"

echo "vendored chart.js $CHARTJS, leaflet $LEAFLET, axe-core $AXE"
