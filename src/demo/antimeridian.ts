// world-atlas 2 ships spherical geometry: polygons cut at the antimeridian were stitched
// back together (Russia's ring jumps from 179.9° to -180°, Antarctica's ring goes round the
// pole instead of along it). These pure functions turn such rings and lines into planar
// ones that PostGIS can cut at ±180° with ST_WrapX: longitudes are made continuous (they may
// then leave [-180, 180]), and rings that go round a pole are closed along it.

export type Position = number[];

/** Latitude beyond which a ring or line lying wholly there is taken for the source's polar clip. */
const POLAR_LATITUDE = 89.9;

/** The same line with each longitude shifted by a multiple of 360° so that no step exceeds 180°. */
export function unwrapLongitudes(line: readonly Position[]): Position[] {
  const out: Position[] = [];
  let shift = 0;
  for (let i = 0; i < line.length; i++) {
    const [x, y] = line[i];
    if (i > 0) {
      const step = x + shift - out[i - 1][0];
      if (step > 180) shift -= 360 * Math.round(step / 360);
      else if (step < -180) shift += 360 * Math.round(-step / 360);
    }
    out.push([x + shift, y]);
  }
  return out;
}

/** True when every point lies beyond ±89.9°: the edge of the source's polar clip, not a coast. */
export function isPolarArtefact(line: readonly Position[]): boolean {
  return line.every(([, y]) => Math.abs(y) >= POLAR_LATITUDE);
}

/**
 * A closed ring made planar: longitudes unwrapped, and when the unwrapped ring ends a full
 * turn away from where it started (it goes round a pole), closed along that pole.
 */
export function planarRing(ring: readonly Position[]): Position[] {
  const out = unwrapLongitudes(ring);
  const first = out[0];
  const last = out[out.length - 1];
  if (Math.abs(last[0] - first[0]) < 180) return out;
  const meanLatitude = out.reduce((sum, [, y]) => sum + y, 0) / out.length;
  const pole = meanLatitude < 0 ? -90 : 90;
  out.push([last[0], pole], [first[0], pole], [first[0], first[1]]);
  return out;
}

/** The rings of one polygon made planar; the polar clip's rings dropped; undefined if none remain. */
export function planarPolygon(rings: readonly (readonly Position[])[]): Position[][] | undefined {
  const kept = rings.filter((ring) => ring.length >= 4 && !isPolarArtefact(ring)).map(planarRing);
  return kept.length > 0 ? kept : undefined;
}

/** Polygons made planar, as MultiPolygon coordinates. */
export function planarMultiPolygon(polygons: readonly (readonly (readonly Position[])[])[]): Position[][][] {
  const out: Position[][][] = [];
  for (const rings of polygons) {
    const polygon = planarPolygon(rings);
    if (polygon) out.push(polygon);
  }
  return out;
}

/** Lines made planar: longitudes unwrapped; polar-clip lines and lines without length dropped. */
export function planarLines(lines: readonly (readonly Position[])[]): Position[][] {
  return lines
    .filter((line) => !isPolarArtefact(line) && line.some(([x, y]) => x !== line[0][0] || y !== line[0][1]))
    .map(unwrapLongitudes);
}
