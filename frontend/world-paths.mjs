// Natural Earth 1:110m countries (world-atlas, TopoJSON) -> SVG paths for the offline map of
// the SPARQL page: graph/drawing/world/countries-110m.json. Run once (npm run world); the
// output is committed. Equirectangular, latitudes 84 N to 56 S (Antarctica is left out);
// rings that cross the antimeridian are drawn on the east side, the part past 180 E cut off.
import fs from "fs";
import { feature } from "topojson-client";

const SCALE = 2.5;
const [NORTH, SOUTH] = [84, -56];
const topo = JSON.parse(fs.readFileSync("node_modules/world-atlas/countries-110m.json"));
const world = feature(topo, topo.objects.countries);

function ring(points) {
  const crosses = points.some((p, i) => i > 0 && Math.abs(p[0] - points[i - 1][0]) > 180);
  const xy = points.map(([lon, lat]) => {
    const x = ((crosses && lon < 0 ? lon + 360 : lon) + 180) * SCALE;
    const y = (NORTH - Math.max(SOUTH, Math.min(NORTH, lat))) * SCALE;
    return `${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}`;
  });
  return "M" + xy.join("L") + "Z";
}

const countries = [];
for (const f of world.features) {
  if (f.properties.name === "Antarctica") continue;
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const d = polygons.flatMap((rings) => rings.map(ring)).join("");
  countries.push({ id: f.id ?? null, name: f.properties.name, d });
}
const out = {
  source: "Natural Earth 1:110m Admin 0 countries (public domain), via the npm package world-atlas 2.0.2 (ISC), countries-110m.json",
  projection: `equirectangular, ${SCALE} px per degree, ${NORTH} N to ${-SOUTH} S`,
  width: 360 * SCALE,
  height: (NORTH - SOUTH) * SCALE,
  countries,
};
fs.mkdirSync(process.argv[2], { recursive: true });
fs.writeFileSync(`${process.argv[2]}/countries-110m.json`, JSON.stringify(out));
