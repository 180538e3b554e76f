import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBbox, parseZoomRange, positiveInteger, secondsAsMs } from './args.ts';

test('zoom ranges', () => {
  assert.deepEqual(parseZoomRange('0-12'), { min: 0, max: 12 });
  assert.deepEqual(parseZoomRange(' 3 - 5 '), { min: 3, max: 5 });
  assert.deepEqual(parseZoomRange('7'), { min: 7, max: 7 });
  assert.throws(() => parseZoomRange('5-2'), /5-2 ends before it starts/);
  assert.throws(() => parseZoomRange('0-31'), /zoom 31 is beyond 30/);
  for (const bad of ['', 'a-b', '-1-3', '1-', '0..4', '1,2', '0-4-6', '2.5']) {
    assert.throws(() => parseZoomRange(bad), /expected a zoom or a range/, bad);
  }
});

test('bounding boxes', () => {
  assert.deepEqual(parseBbox('-10.5,40,5,52.25'), [-10.5, 40, 5, 52.25]);
  assert.deepEqual(parseBbox('1, 2, 1, 2'), [1, 2, 1, 2], 'a point is a box');
  assert.throws(() => parseBbox('1,2,3'), /four numbers/);
  assert.throws(() => parseBbox('1,2,3,x'), /four numbers/);
  assert.throws(() => parseBbox('1,,3,4'), /four numbers/);
  assert.throws(() => parseBbox('-181,0,10,10'), /minlon -181 is outside -180 … 180/);
  assert.throws(() => parseBbox('0,-91,10,10'), /minlat -91/);
  assert.throws(() => parseBbox('0,20,10,10'), /minlat 20 is north of maxlat 10/);
  assert.throws(() => parseBbox('170,0,-170,10'), /antimeridian/);
});

test('whole numbers and seconds', () => {
  const concurrency = positiveInteger(256);
  assert.equal(concurrency('8'), 8);
  for (const bad of ['0', '-1', '1.5', 'x', '257', '']) assert.throws(() => concurrency(bad), /whole number from 1 to 256/, bad);
  assert.equal(secondsAsMs('0.5'), 500);
  assert.equal(secondsAsMs('5'), 5000);
  assert.throws(() => secondsAsMs('0'), /positive number of seconds/);
});
