// Countries of Natural Earth (through world-atlas) that reach into the region China and Central
// Asia sit in, as GeoJSON with coordinates rounded to 0.01° (about a kilometre).
const fs = require("fs");
const topojson = require(process.argv[2]);
const world = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const box = [36, 18, 135, 55];  // west, south, east, north
const features = topojson.feature(world, world.objects.countries).features;
function round(c) { return typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round); }
function bounds(c, b) { if (typeof c[0] === "number") { b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]); } else c.forEach(x => bounds(x, b)); return b; }
function overlaps(b) { return b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1]; }
const kept = features.filter(f => f.geometry && f.geometry.coordinates.some(p => overlaps(bounds(p, [180, 90, -180, -90]))))
  .map(f => ({ type: "Feature", id: f.id, properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features: kept }));
