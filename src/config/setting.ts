/**
 * The shape of tilery's settings table (schema.ts): one `Setting` a key, made with the
 * constructors below and nested in sections as the YAML file nests them. The configuration's
 * type (`ConfigOf`), its defaults, its checks, its environment variables and what
 * `--print-config` masks all come from that one table.
 */

/** A bound of a number setting, and what the error says of a value outside it. */
export interface NumberRule {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** The error, after the setting's name: `must not be negative` (`, got …` follows). */
  readonly says: string;
}

/** A pattern a string setting matches when it is not null, and what the error says otherwise. */
export interface TextRule {
  readonly pattern: RegExp;
  readonly says: string;
}

/** Checks a mapping whose keys are the user's (collection ids, zoom levels): what is wrong with it, if anything. */
export type MapCheck = (value: unknown, name: string) => string | undefined;

interface Common {
  /** What the setting means. */
  readonly doc: string;
  /** The environment variable that sets it. */
  readonly env?: string;
  /** Masked by `--print-config`: the whole value (each item of a list), or the password of a URL. */
  readonly secret?: 'value' | 'password';
}

type Kind =
  | { readonly type: 'string'; readonly nullable: boolean; readonly oneOf?: readonly string[]; readonly rules?: readonly TextRule[] }
  | { readonly type: 'number'; readonly rules: readonly NumberRule[] }
  | { readonly type: 'boolean' }
  | {
      readonly type: 'list';
      /** The values items may take, and the word for an item in errors. */
      readonly oneOf?: readonly string[];
      readonly noun?: string;
      readonly unique?: boolean;
      /** An empty environment variable sets an empty list (other empty variables are ignored). */
      readonly emptyEnvIsNone?: boolean;
    }
  | { readonly type: 'map'; readonly check: MapCheck };

/** One key of the configuration; `T` is its type in `TileryConfig`. */
export type Setting<T = unknown> = Common & Kind & { readonly default: T };

/** A mapping of the YAML file: settings and further sections by key. */
export type Section = { readonly [key: string]: Setting | Section };

/** The configuration a table describes: each setting's type, sections as nested objects. */
export type ConfigOf<S> = {
  -readonly [K in keyof S]: S[K] extends { readonly type: Kind['type']; readonly default: infer T } ? T : ConfigOf<S[K]>;
};

type Options = Common;

export function text(defaultValue: string, o: Options & { rules?: readonly TextRule[] }): Setting<string> {
  return { ...o, type: 'string', nullable: false, default: defaultValue };
}

/** A string that may be null: "none" (null by default). */
export function optionalText(o: Options & { default?: string; rules?: readonly TextRule[] }): Setting<string | null> {
  return { ...o, type: 'string', nullable: true, default: o.default ?? null };
}

export function choice<const V extends readonly string[]>(oneOf: V, defaultValue: V[number], o: Options): Setting<V[number]> {
  return { ...o, type: 'string', nullable: false, oneOf, default: defaultValue };
}

export function number(defaultValue: number, o: Options & { rules?: readonly NumberRule[] }): Setting<number> {
  return { ...o, type: 'number', rules: o.rules ?? [], default: defaultValue };
}

export function flag(defaultValue: boolean, o: Options): Setting<boolean> {
  return { ...o, type: 'boolean', default: defaultValue };
}

export function list(defaultValue: readonly string[], o: Options & { emptyEnvIsNone?: boolean }): Setting<string[]> {
  return { ...o, type: 'list', default: [...defaultValue] };
}

/** A list of some of `oneOf`, each at most once when `unique`. */
export function listOf<const V extends readonly string[]>(
  oneOf: V,
  defaultValue: ReadonlyArray<V[number]>,
  o: Options & { noun: string; unique?: boolean; emptyEnvIsNone?: boolean },
): Setting<Array<V[number]>> {
  return { ...o, type: 'list', oneOf, default: [...defaultValue] };
}

/** A mapping whose keys are the user's, each layer of settings adding to the one below. */
export function map<T>(check: MapCheck, o: Options): Setting<Record<string, T>> {
  return { ...o, type: 'map', check, default: {} };
}

export const POSITIVE_INTEGER: NumberRule = { integer: true, min: 1, says: 'must be a positive integer' };
export const NOT_NEGATIVE: NumberRule = { min: 0, says: 'must not be negative' };

export function isSetting(node: Setting | Section): node is Setting {
  return typeof node.type === 'string' && Object.hasOwn(node, 'default');
}

/** Every setting of a section with its dotted path (`cache.bucket.url`), in the table's order. */
export function* settingsOf(section: Section, prefix = ''): Generator<[string, Setting]> {
  for (const [key, node] of Object.entries(section)) {
    if (isSetting(node)) yield [prefix + key, node];
    else yield* settingsOf(node, `${prefix}${key}.`);
  }
}

/** A fresh object of the defaults of a section (lists and mappings copied). */
export function defaultsOf<S extends Section>(section: S): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(section)) {
    out[key] = isSetting(node) ? structuredClone(node.default) : defaultsOf(node);
  }
  return out as ConfigOf<S>;
}

/** What is wrong with a value of a setting that has the right type, if anything. */
export function problemOf(path: string, setting: Setting, value: unknown): string | undefined {
  if (value === null) return undefined;
  const name = `"${path}"`;
  switch (setting.type) {
    case 'number': {
      const v = value as number;
      const outside = setting.rules.find((r) => (r.integer && !Number.isInteger(v)) || v < (r.min ?? -Infinity) || v > (r.max ?? Infinity));
      return outside && `${name} ${outside.says}, got ${v}`;
    }
    case 'string': {
      const v = value as string;
      if (setting.oneOf && !setting.oneOf.includes(v)) return `${name} must be ${alternatives(setting.oneOf)}`;
      const broken = setting.rules?.find((r) => !r.pattern.test(v));
      return broken && `${name} ${broken.says}`;
    }
    case 'list': {
      const { oneOf, noun } = setting;
      const items = value as string[];
      const unknown = oneOf && items.find((item) => !oneOf.includes(item));
      if (unknown !== undefined) return `${name}: unknown ${noun} "${unknown}" (use ${oneOf?.join(', ')})`;
      if (setting.unique && new Set(items).size !== items.length) return `${name} names a ${noun} twice`;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `a or b`, or `one of a, b, c`. */
function alternatives(values: readonly string[]): string {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
}
