import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPolarArtefact, planarLines, planarMultiPolygon, planarRing, unwrapLongitudes } from './antimeridian.ts';

test('unwrapLongitudes removes jumps across the antimeridian', () => {
  assert.deepEqual(
    unwrapLongitudes([[179, 1], [-180, 2], [-175, 3], [180, 4], [170, 5]]),
    [[179, 1], [180, 2], [185, 3], [180, 4], [170, 5]],
  );
  assert.deepEqual(unwrapLongitudes([[-179, 0], [179, 0]]), [[-179, 0], [-181, 0]]);
  assert.deepEqual(unwrapLongitudes([[10, 0], [20, 0]]), [[10, 0], [20, 0]]);
});

test('a ring that crosses the antimeridian and comes back stays closed', () => {
  const ring = [[179, 60], [-179, 60], [-179, 61], [179, 61], [179, 60]];
  assert.deepEqual(planarRing(ring), [[179, 60], [181, 60], [181, 61], [179, 61], [179, 60]]);
});

test('a ring round the south pole is closed along it', () => {
  const ring = [[-180, -70], [-60, -65], [60, -75], [179, -70], [-180, -70]];
  assert.deepEqual(planarRing(ring), [
    [-180, -70], [-60, -65], [60, -75], [179, -70], [180, -70], [180, -90], [-180, -90], [-180, -70],
  ]);
});

test('a ring round the north pole is closed along it', () => {
  const ring = [[0, 80], [120, 80], [-120, 80], [0, 80]];
  assert.deepEqual(planarRing(ring).slice(-3), [[360, 90], [0, 90], [0, 80]]);
});

test('the polar clip is dropped from polygons and lines', () => {
  const clip = [[-180, -89.999], [0, -89.999], [180, -89.999], [-180, -89.999]];
  const land = [[0, 0], [1, 0], [1, 1], [0, 0]];
  assert.ok(isPolarArtefact(clip));
  assert.ok(!isPolarArtefact(land));
  assert.deepEqual(planarMultiPolygon([[clip, land], [clip]]), [[land]]);
  assert.deepEqual(planarLines([clip, [[0, 0], [0, 0]], [[0, 0], [1, 1]]]), [[[0, 0], [1, 1]]]);
});
