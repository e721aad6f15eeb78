// Countries of Natural Earth (through world-atlas) that reach into the region China and Central
// Asia sit in, as GeoJSON with coordinates rounded to 0.01° (about a kilometre). The borders are
// simplified first (Douglas–Peucker, TOLERANCE degrees) on the TopoJSON arcs, each of which is a
// stretch of border shared by the countries on either side, so neighbours keep one common line.
const fs = require("fs");
const topojson = require(process.argv[2]);
const world = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const box = [36, 18, 135, 55];  // west, south, east, north
// 0.03° (about 3 km, two or three pixels at the map's closest fit, zoom 7) is well inside what
// 1:50m shapes promise; it leaves about a third of the points, so drawing them is cheap on a phone.
const TOLERANCE = 0.03;

// The arcs in absolute degrees (world-atlas stores them quantized and delta-encoded).
function decoded(topology) {
  const t = topology.transform;
  if (!t) return topology.arcs;
  return topology.arcs.map(arc => {
    let x = 0, y = 0;
    return arc.map(p => { x += p[0]; y += p[1]; return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]]; });
  });
}
function distance(p, a, b) {  // from p to the segment a–b, in degrees
  const dx = b[0] - a[0], dy = b[1] - a[1], length = dx * dx + dy * dy;
  const k = length ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length)) : 0;
  return Math.hypot(p[0] - a[0] - k * dx, p[1] - a[1] - k * dy);
}
function simplified(arc) {  // keeps both ends, where the arc meets the next stretch of border
  const keep = new Array(arc.length).fill(false);
  keep[0] = keep[arc.length - 1] = true;
  const stack = [[0, arc.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let far = -1, most = 0;
    for (let i = first + 1; i < last; i++) {
      const d = distance(arc[i], arc[first], arc[last]);
      if (d > most) { most = d; far = i; }
    }
    // A closed arc (an island) keeps its farthest point whatever the tolerance, so it stays a ring.
    if (far > 0 && (most > TOLERANCE || (first === 0 && last === arc.length - 1))) {
      keep[far] = true;
      stack.push([first, far], [far, last]);
    }
  }
  return arc.filter((_, i) => keep[i]);
}
world.arcs = decoded(world).map(simplified);
delete world.transform;
const features = topojson.feature(world, world.objects.countries).features;
function round(c) { return typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100] : c.map(round); }
function bounds(c, b) { if (typeof c[0] === "number") { b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]); } else c.forEach(x => bounds(x, b)); return b; }
function overlaps(b) { return b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1]; }
const kept = features.filter(f => f.geometry && f.geometry.coordinates.some(p => overlaps(bounds(p, [180, 90, -180, -90]))))
  .map(f => ({ type: "Feature", id: f.id, properties: { name: f.properties.name },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features: kept }));
