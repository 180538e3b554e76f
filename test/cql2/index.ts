/** All CQL2 cases, in the order of the conformance classes (see case.ts for their shape and sources). */
import { describe, test } from 'node:test';
import { arithmetic, functions } from './arithmetic.ts';
import { arrayFunctions } from './arrays.ts';
import type { Cql2Case } from './case.ts';
import { advancedComparisonOperators, basicCql2 } from './comparison.ts';
import { accentInsensitiveComparison, caseInsensitiveComparison } from './insensitive.ts';
import { propertyProperty } from './property-property.ts';
import { basicSpatialFunctions, basicSpatialFunctionsPlus, spatialFunctions } from './spatial.ts';
import { temporalFunctions } from './temporal.ts';

export const cases: readonly Cql2Case[] = [
  ...basicCql2,
  ...advancedComparisonOperators,
  ...caseInsensitiveComparison,
  ...accentInsensitiveComparison,
  ...basicSpatialFunctions,
  ...basicSpatialFunctionsPlus,
  ...spatialFunctions,
  ...temporalFunctions,
  ...arrayFunctions,
  ...propertyProperty,
  ...arithmetic,
  ...functions,
];

export { FILTER_SRID, QUERYABLES, type Cql2Case, type ConformanceClass, type JsonErrorCase, type TextErrorCase } from './case.ts';
export { jsonErrors, textErrors } from './errors.ts';

/** A suite per conformance class and a test per case, named by the case's source and text. */
export function testEachCase(run: (c: Cql2Case) => void): void {
  for (const cls of new Set(cases.map((c) => c.class))) {
    describe(cls, () => {
      for (const c of cases.filter((k) => k.class === cls)) test(`${c.source}: ${label(c.text)}`, () => run(c));
    });
  }
}

/** A filter on one line, cut to fit a test's name. */
export function label(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 90 ? `${oneLine.slice(0, 87)}…` : oneLine;
}
