/** Cases of the conformance classes case-insensitive-comparison (CASEI) and accent-insensitive-comparison (ACCENTI). */
import { ACCENTS, array, type Case, inClass, O, op, P, prop, str } from './case.ts';

/** The names of the ATS test data set that CASEI and ACCENTI compare in lists. */
const NAMES = ['Kiev', 'kobenhavn', 'Berlin', 'athens', 'foo'];

export const caseInsensitiveComparison = inClass('case-insensitive-comparison', [
  {
    source: 'clause7_04 (= example26)', text: "CASEI(road_class) IN (CASEI('Οδος'),CASEI('Straße'))",
    json: O('in', O('casei', P('road_class')), [O('casei', 'Οδος'), O('casei', 'Straße')]),
    ast: op('in', op('casei', prop('road_class')), array(op('casei', str('Οδος')), op('casei', str('Straße')))),
    sql: '(lower(t."road_class") IN (lower($1::text), lower($2::text)))', values: ['Οδος', 'Straße'],
  },
  {
    source: 'example28', text: "CASEI(geophys:SURVEY_NAME) LIKE CASEI('%calcutta%')",
    json: O('like', O('casei', P('geophys:SURVEY_NAME')), O('casei', '%calcutta%')),
    sql: '(lower(t."geophys:SURVEY_NAME") LIKE lower($1::text))', values: ['%calcutta%'],
  },
  {
    source: 'example71', text: `CASEI("owner") = CASEI('somebody else')`,
    json: O('=', O('casei', P('owner')), O('casei', 'somebody else')),
    sql: '(lower(t."owner") = lower($1::text))', values: ['somebody else'],
  },
  {
    source: 'example86', text: `"name" LIKE CASEI('FOO%')`,
    json: O('like', P('name'), O('casei', 'FOO%')),
    ast: op('like', prop('name'), op('casei', str('FOO%'))),
    sql: '(t."name" LIKE lower($1::text))', values: ['FOO%'],
  },
  {
    source: 'ats/case-insensitive-comparison/casei', text: "CASEI(name) = casei('foo')",
    json: O('=', O('casei', P('name')), O('casei', 'foo')),
    sql: '(lower(t."name") = lower($1::text))', values: ['foo'],
  },
  {
    source: 'ats/case-insensitive-comparison/casei', text: "CASEI(name) <> casei('FOO')",
    json: O('<>', O('casei', P('name')), O('casei', 'FOO')),
    sql: '(lower(t."name") <> lower($1::text))', values: ['FOO'],
  },
  {
    source: 'ats/case-insensitive-comparison/casei-like', text: "CASEI(name) LIKE casei('foo%')",
    json: O('like', O('casei', P('name')), O('casei', 'foo%')),
    sql: '(lower(t."name") LIKE lower($1::text))', values: ['foo%'],
  },
  // Annex A, case-insensitive-comparison: the test data set
  ...['KIEV', 'kiev', 'Kiev', 'København', 'københavn', 'KØBENHAVN'].map(
    (s): Case => ({
      source: 'ats/case-insensitive-comparison/test-data',
      text: `CASEI(name)=casei('${s}')`,
      json: O('=', O('casei', P('name')), O('casei', s)),
      sql: '(lower(t."name") = lower($1::text))',
      values: [s],
    }),
  ),
  ...['B_r%', 'b_r%', 'B_R%'].map(
    (s): Case => ({
      source: 'ats/case-insensitive-comparison/test-data',
      text: `CASEI(name) LIKE casei('${s}')`,
      json: O('like', O('casei', P('name')), O('casei', s)),
      sql: '(lower(t."name") LIKE lower($1::text))',
      values: [s],
    }),
  ),
  {
    source: 'ats/case-insensitive-comparison/test-data',
    text: `CASEI(name) IN (${NAMES.map((s) => `casei('${s}')`).join(', ')})`,
    json: O('in', O('casei', P('name')), NAMES.map((s) => O('casei', s))),
    sql: `(lower(t."name") IN (${NAMES.map((_, i) => `lower($${i + 1}::text)`).join(', ')}))`,
    values: NAMES,
  },
]);

export const accentInsensitiveComparison = inClass('accent-insensitive-comparison', [
  {
    source: 'clause7_05 (= example27)', text: "ACCENTI(etat_vol) = ACCENTI('débárquér')",
    json: O('=', O('accenti', P('etat_vol')), O('accenti', 'débárquér')),
    ast: op('=', op('accenti', prop('etat_vol')), op('accenti', str('débárquér'))),
    sql: `(translate(t."etat_vol", ${ACCENTS}) = translate($1::text, ${ACCENTS}))`, values: ['débárquér'],
  },
  {
    source: 'example70', text: `ACCENTI("owner") = ACCENTI('Beyoncé')`,
    json: O('=', O('accenti', P('owner')), O('accenti', 'Beyoncé')),
    sql: `(translate(t."owner", ${ACCENTS}) = translate($1::text, ${ACCENTS}))`, values: ['Beyoncé'],
  },
  {
    source: 'ats/accent-insensitive-comparison/accenti', text: "ACCENTI(name) = accenti('äöüéáí')",
    json: O('=', O('accenti', P('name')), O('accenti', 'äöüéáí')),
    sql: `(translate(t."name", ${ACCENTS}) = translate($1::text, ${ACCENTS}))`, values: ['äöüéáí'],
  },
  {
    source: 'ats/accent-insensitive-comparison/accenti', text: "ACCENTI(name) <> accenti('aoueai')",
    json: O('<>', O('accenti', P('name')), O('accenti', 'aoueai')),
    sql: `(translate(t."name", ${ACCENTS}) <> translate($1::text, ${ACCENTS}))`, values: ['aoueai'],
  },
  {
    source: 'ats/accent-insensitive-comparison/accenti-like', text: "ACCENTI(name) LIKE accenti('Ä%')",
    json: O('like', O('accenti', P('name')), O('accenti', 'Ä%')),
    sql: `(translate(t."name", ${ACCENTS}) LIKE translate($1::text, ${ACCENTS}))`, values: ['Ä%'],
  },
  {
    source: 'ats/accent-insensitive-comparison/accenti-casei', text: "ACCENTI(CASEI(name)) = accenti(casei('ÄÉ'))",
    json: O('=', O('accenti', O('casei', P('name'))), O('accenti', O('casei', 'ÄÉ'))),
    ast: op('=', op('accenti', op('casei', prop('name'))), op('accenti', op('casei', str('ÄÉ')))),
    sql: `(translate(lower(t."name"), ${ACCENTS}) = translate(lower($1::text), ${ACCENTS}))`, values: ['ÄÉ'],
  },
  {
    source: 'ats/accent-insensitive-comparison/accenti-casei-like', text: "ACCENTI(CASEI(name)) LIKE accenti(casei('a%'))",
    json: O('like', O('accenti', O('casei', P('name'))), O('accenti', O('casei', 'a%'))),
    sql: `(translate(lower(t."name"), ${ACCENTS}) LIKE translate(lower($1::text), ${ACCENTS}))`, values: ['a%'],
  },
  // Annex A, accent-insensitive-comparison: the test data set
  ...['København', 'Kobenhavn', 'Kiev'].map(
    (s): Case => ({
      source: 'ats/accent-insensitive-comparison/test-data',
      text: `ACCENTI(name)=accenti('${s}')`,
      json: O('=', O('accenti', P('name')), O('accenti', s)),
      sql: `(translate(t."name", ${ACCENTS}) = translate($1::text, ${ACCENTS}))`,
      values: [s],
    }),
  ),
  ...['københavn', 'kobenhavn', 'KOBENHAVN', 'KØBENHAVN'].map(
    (s): Case => ({
      source: 'ats/accent-insensitive-comparison/test-data',
      text: `ACCENTI(CASEI(name))=accenti(casei('${s}'))`,
      json: O('=', O('accenti', O('casei', P('name'))), O('accenti', O('casei', s))),
      sql: `(translate(lower(t."name"), ${ACCENTS}) = translate(lower($1::text), ${ACCENTS}))`,
      values: [s],
    }),
  ),
  {
    source: 'ats/accent-insensitive-comparison/test-data', text: "ACCENTI(name) LIKE accenti('Ko%')",
    json: O('like', O('accenti', P('name')), O('accenti', 'Ko%')),
    sql: `(translate(t."name", ${ACCENTS}) LIKE translate($1::text, ${ACCENTS}))`, values: ['Ko%'],
  },
  {
    source: 'ats/accent-insensitive-comparison/test-data', text: "ACCENTI(CASEI(name)) LIKE accenti(casei('kØ%'))",
    json: O('like', O('accenti', O('casei', P('name'))), O('accenti', O('casei', 'kØ%'))),
    sql: `(translate(lower(t."name"), ${ACCENTS}) LIKE translate(lower($1::text), ${ACCENTS}))`, values: ['kØ%'],
  },
  {
    source: 'ats/accent-insensitive-comparison/test-data',
    text: `ACCENTI(CASEI(name)) IN (${NAMES.map((s) => `accenti(casei('${s}'))`).join(', ')})`,
    json: O('in', O('accenti', O('casei', P('name'))), NAMES.map((s) => O('accenti', O('casei', s)))),
    sql: `(translate(lower(t."name"), ${ACCENTS}) IN (${NAMES.map((_, i) => `translate(lower($${i + 1}::text), ${ACCENTS})`).join(', ')}))`,
    values: NAMES,
  },
]);
