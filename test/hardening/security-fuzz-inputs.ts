// Bad inputs for every contract call, generated from the contract itself (its zod input schemas, read
// through z.toJSONSchema), so an operation added later is fuzzed without touching this file. For each
// call: a valid input built from seeds (real ids of the test's core) and the schema's own constraints,
// then one mutant per defect: wrong types, missing required fields, extra keys, `__proto__` and
// `constructor.prototype` keys, 10 MB strings, NUL bytes, lengths, counts and numbers out of bounds,
// values outside an enum. Mutants are JSON text, exactly as a peer would send them (so `__proto__` is a
// real own key and `1e400` parses to Infinity), and each carries whether the contract accepts it.
// mutantsOfValue does the same for any schema, e.g. the `ack` frame the core reads outside the contract.
import { z } from 'zod';
import { contract, type CallName } from '../../src/shared/contract';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  /** `false` after prefixItems: a tuple, nothing beyond its listed items. */
  items?: JsonSchema | false;
  /** A tuple's items, in order. */
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
}

/** A union is fuzzed as its first non-null member; `nullable` says whether null is one of its members. */
function resolved(schema: JsonSchema): JsonSchema & { nullable: boolean } {
  if (!schema.anyOf) return { ...schema, nullable: false };
  const first = schema.anyOf.find((s) => s.type !== 'null') ?? {};
  return { ...resolved(first), nullable: schema.anyOf.some((s) => s.type === 'null') };
}

export interface Mutant {
  call: CallName;
  /** What is wrong with it, e.g. `agents.0.count: above maximum`. */
  label: string;
  /** The input before encoding (10 MB strings are shared, not copied); see `encode`. */
  value: unknown;
}

/** Valid values by field name (the fuzzed core's real ids, a real path), per call or for every call ('*'). */
export type Seeds = Record<string, Record<string, unknown>>;

/** Size of the "huge string" mutant: 10 MB, far past every limit, under the WebSocket's 16 MB frame cap. */
export const HUGE_STRING_CHARS = 10 * 1024 * 1024;
const HUGE = 'x'.repeat(HUGE_STRING_CHARS);
/** Placeholders replaced in the JSON text: a key that becomes `__proto__`, a value that becomes raw JSON. */
const PROTO_KEY = '__switchyard_proto_key__';
const RAW = (text: string) => `\u0001raw:${text}\u0001`;

export function callNames(): CallName[] {
  return (Object.keys(contract) as Array<keyof typeof contract>).filter((n) => contract[n].kind === 'call') as CallName[];
}

export function inputSchemaOf(call: CallName): z.ZodType {
  return contract[call].input as z.ZodType;
}

function jsonSchemaOf(call: CallName): JsonSchema {
  return z.toJSONSchema(inputSchemaOf(call), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Values tried, in order, for a string field with a pattern and no seed. */
const PATTERN_CANDIDATES = ['a', 'abc', 'a.b', 'a-b', 'a_b', 'A', 'ABC', 'A_B', '1', 'a1', 'aaaaaaaa', 'aaaaaaaaaaaa', 'Ctrl+K', 'x.y.z'];

/** A valid value for `schema` at field `key`: a seed when there is one, else the simplest value its constraints allow. */
function sample(given: JsonSchema, key: string, seeds: Record<string, unknown>): unknown {
  if (key in seeds) return structuredClone(seeds[key]);
  const schema = resolved(given);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // Optional fields too: a present optional field gets mutated like a required one.
      for (const [name, prop] of Object.entries(schema.properties ?? {})) out[name] = sample(prop, name, seeds);
      return out;
    }
    case 'array': {
      if (schema.prefixItems) return schema.prefixItems.map((item) => sample(item, key, seeds));
      const item = schema.items || {};
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sample(item, key, seeds));
    }
    case 'string': {
      if (schema.format === 'uri') return 'http://127.0.0.1:9/v1';
      const plain = 'v'.repeat(Math.max(1, schema.minLength ?? 1));
      if (!schema.pattern) return plain;
      const re = new RegExp(schema.pattern, 'u');
      const fits = (c: string) => re.test(c) && c.length >= (schema.minLength ?? 0) && c.length <= (schema.maxLength ?? Infinity);
      return [plain, ...PATTERN_CANDIDATES].find(fits) ?? plain;
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return 'v';
  }
}

/** The base input with the value at `path` replaced (or removed when `value` is REMOVE). */
const REMOVE = Symbol('remove');
function withValue(base: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...Array<string | number>];
  if (Array.isArray(base)) {
    const copy = [...base];
    copy[head as number] = withValue(copy[head as number], rest, value);
    return copy;
  }
  const copy = { ...(base as Record<string, unknown>) };
  if (rest.length === 0 && value === REMOVE) delete copy[head];
  else copy[head] = withValue(copy[head], rest, value);
  return copy;
}

function valueAt(base: unknown, path: Array<string | number>): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], base);
}

function toJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll(`"${PROTO_KEY}"`, '"__proto__"')
    .replace(/"\\u0001raw:(.*?)\\u0001"/g, (_m, raw: string) => raw);
}

/** Wrong-type values for a field of this type (everything JSON can carry that it is not). */
function wrongTypes(type: string | undefined, nullable: boolean): Array<[string, unknown]> {
  const all: Array<[string, unknown]> = [
    ['string', 'text'],
    ['number', 42],
    ['boolean', true],
    ['null', null],
    ['object', { a: 1 }],
    ['array', [1]],
  ];
  const own = type === 'integer' ? 'number' : type;
  return all.filter(([t]) => t !== own && !(nullable && t === 'null')).map(([t, v]) => [`a ${t} instead of ${type ?? 'any'}`, v]);
}

/** Every mutant of one field (and of what it contains), described relative to the base input. */
function fieldMutants(given: JsonSchema, path: Array<string | number>, base: unknown, required: boolean): Array<[string, unknown]> {
  const schema = resolved(given);
  const at = path.join('.') || '(input)';
  const out: Array<[string, unknown]> = [];
  const put = (label: string, value: unknown) => out.push([`${at}: ${label}`, withValue(base, path, value)]);
  if (required && path.length > 0) out.push([`${at}: missing`, withValue(base, path, REMOVE)]);
  for (const [label, value] of wrongTypes(schema.type, schema.nullable)) put(label, value);
  const current = valueAt(base, path);
  if (schema.const !== undefined) put('not the one allowed value', typeof schema.const === 'boolean' ? !schema.const : 'other');
  if (schema.enum) put('a value outside the enum', 'not-in-enum');
  switch (schema.type) {
    case 'string': {
      const text = String(current);
      put('10 MB string', HUGE);
      put('a NUL byte inside', `${text.slice(0, 1)}\0${text.slice(1)}`);
      put('only a NUL byte', '\0');
      if (schema.maxLength !== undefined && schema.maxLength < HUGE_STRING_CHARS) put('one character over maxLength', 'a'.repeat(schema.maxLength + 1));
      if ((schema.minLength ?? 0) > 0) put('empty', '');
      if (schema.pattern) {
        const re = new RegExp(schema.pattern, 'u');
        const off = ['../../etc/passwd', 'has a space', '\u00e9\u2028\u{1F600}', ''].find((c) => !re.test(c));
        if (off !== undefined) put('not matching its pattern', off);
      }
      if (schema.format === 'uri') put('not a URL', 'javascript:alert(1)');
      break;
    }
    case 'integer':
    case 'number': {
      if (schema.type === 'integer') put('a fraction', 1.5);
      if (schema.minimum !== undefined) put('below minimum', schema.minimum - 1);
      if (schema.exclusiveMinimum !== undefined) {
        put('at its exclusive minimum', schema.exclusiveMinimum);
        put('below its exclusive minimum', schema.exclusiveMinimum - 1);
      }
      if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) put('above maximum', schema.maximum + 1);
      put('1e400 (Infinity once parsed)', RAW('1e400'));
      put('-1e400 (-Infinity once parsed)', RAW('-1e400'));
      break;
    }
    case 'array': {
      const items = current as unknown[];
      if ((schema.minItems ?? 0) > 0) put('fewer items than minItems', items.slice(0, schema.minItems! - 1));
      if (schema.maxItems !== undefined && schema.maxItems <= 20_000) put('more items than maxItems', Array.from({ length: schema.maxItems + 1 }, () => items[0]));
      if (schema.items && items.length > 0) out.push(...fieldMutants(schema.items, [...path, 0], base, true).filter(([l]) => !l.endsWith(': missing')));
      for (const [i, item] of (schema.prefixItems ?? []).entries()) {
        out.push(...fieldMutants(item, [...path, i], base, true).filter(([l]) => !l.endsWith(': missing')));
      }
      break;
    }
    case 'object': {
      put('an extra key', { ...(current as object), zzExtraKey: 1 });
      put('a __proto__ key', { ...(current as object), [PROTO_KEY]: { polluted: 'yes' } });
      put('a constructor.prototype key', { ...(current as object), constructor: { prototype: { polluted: 'yes' } } });
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        out.push(...fieldMutants(prop, [...path, name], base, (schema.required ?? []).includes(name)));
      }
      break;
    }
  }
  return out;
}

/** A valid input for `call` from the seeds, or throws naming the call (add a seed for its new field). */
export function validInput(call: CallName, seeds: Seeds): unknown {
  const base = sample(jsonSchemaOf(call), '', { ...seeds['*'], ...seeds[call] });
  const parsed = inputSchemaOf(call).safeParse(base);
  if (!parsed.success) {
    throw new Error(`could not build a valid input for ${call} (${parsed.error.issues[0]?.message}); add a seed for it in the fuzz test`);
  }
  return base;
}

/** Every mutant of a call's input. Encode each one only when it is sent: 10 MB each adds up. */
export function mutantsOf(call: CallName, seeds: Seeds): Mutant[] {
  const base = validInput(call, seeds);
  const entries: Array<[string, unknown]> = [['(input): absent', undefined], ...fieldMutants(jsonSchemaOf(call), [], base, true)];
  return entries.map(([label, value]) => ({ call, label, value }));
}

/**
 * The mutant as the JSON text a peer sends (undefined: a request without `input`), and whether the
 * contract accepts what the server parses from it (an accepted mutant must be harmless by design).
 */
export function encode(mutant: Mutant): { json: string | undefined; accepted: boolean } {
  const json = mutant.value === undefined ? undefined : toJson(mutant.value);
  const accepted = inputSchemaOf(mutant.call).safeParse(json === undefined ? undefined : JSON.parse(json)).success;
  return { json, accepted };
}

/**
 * Every mutant of `base`, a value `schema` accepts (e.g. a frame the core reads outside the contract),
 * as the JSON text a peer sends, with whether `schema` accepts what is parsed from it.
 */
export function mutantsOfValue(schema: z.ZodType, base: unknown): Array<{ label: string; json: string; accepted: boolean }> {
  if (!schema.safeParse(base).success) throw new Error('the base value must be valid');
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return fieldMutants(json, [], base, true).map(([label, value]) => {
    const text = toJson(value);
    return { label, json: text, accepted: schema.safeParse(JSON.parse(text)).success };
  });
}
