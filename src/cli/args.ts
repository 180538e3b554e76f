/**
 * Parsers of the flags `tilery seed` and `tilery export` share, for commander's `argParser`: a
 * bad value stops the command before it connects anywhere, with a message naming the flag.
 */
import { InvalidArgumentError } from 'commander';
import type { Bounds } from '../catalog/index.ts';

export interface ZoomRange {
  readonly min: number;
  readonly max: number;
}

/** The deepest zoom any tile matrix set may have (and what PMTiles addresses). */
const MAX_ZOOM = 30;

/** `0-12`, or one zoom `5`. */
export function parseZoomRange(text: string): ZoomRange {
  const m = /^\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?$/.exec(text);
  if (!m) throw new InvalidArgumentError(`expected a zoom or a range of zooms such as 0-12, got "${text}"`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min > max) throw new InvalidArgumentError(`the range ${min}-${max} ends before it starts`);
  if (max > MAX_ZOOM) throw new InvalidArgumentError(`zoom ${max} is beyond ${MAX_ZOOM}`);
  return { min, max };
}

/** `minlon,minlat,maxlon,maxlat` in degrees (WGS84). */
export function parseBbox(text: string): Bounds {
  const parts = text.split(',').map((p) => p.trim());
  const nums = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || nums.some((n) => !Number.isFinite(n))) {
    throw new InvalidArgumentError(`expected minlon,minlat,maxlon,maxlat (four numbers, in degrees), got "${text}"`);
  }
  const [minlon, minlat, maxlon, maxlat] = nums;
  for (const [name, v] of [['minlon', minlon], ['maxlon', maxlon]] as const) {
    if (v < -180 || v > 180) throw new InvalidArgumentError(`${name} ${v} is outside -180 … 180`);
  }
  for (const [name, v] of [['minlat', minlat], ['maxlat', maxlat]] as const) {
    if (v < -90 || v > 90) throw new InvalidArgumentError(`${name} ${v} is outside -90 … 90`);
  }
  if (minlat > maxlat) throw new InvalidArgumentError(`minlat ${minlat} is north of maxlat ${maxlat}`);
  if (minlon > maxlon) {
    throw new InvalidArgumentError(`minlon ${minlon} is east of maxlon ${maxlon}; a box across the antimeridian is not supported, run once for each side`);
  }
  return [minlon, minlat, maxlon, maxlat];
}

/** A whole number from 1 to `max`. */
export function positiveInteger(max: number): (text: string) => number {
  return (text) => {
    if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1 || Number(text) > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}, got "${text}"`);
    }
    return Number(text);
  };
}

/** A positive number of seconds (fractions allowed), as milliseconds. */
export function secondsAsMs(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number of seconds, got "${text}"`);
  return Math.round(n * 1000);
}
