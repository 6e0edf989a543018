// A JSON value valid against a JSON Schema, with text that reads like a model wrote it:
// what structured-output requests get back, and what a "here is the schema" prompt gets.
import { sentence, textOfLength, type Writer } from './answers';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

interface Place {
  readonly writer: Writer;
  readonly root: unknown;
  readonly depth: number;
  /** The property (or, for array items, the array) the value is for: names steer the text. */
  readonly name: string;
  /** Position in the enclosing array, for alternating roles. */
  readonly index: number;
}

/** Follows `#/...` JSON pointers, the form `$defs` and `definitions` references take. */
function resolveRef(ref: string, root: unknown): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((part) => part !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    const schema = asSchema(node);
    node = schema?.[key];
  }
  return node;
}

function deref(schema: unknown, root: unknown): unknown {
  let current = schema;
  for (let hops = 0; hops < 16; hops += 1) {
    const ref = asSchema(current)?.$ref;
    if (typeof ref !== 'string') return current;
    current = resolveRef(ref, root);
  }
  return current;
}

function isNullSchema(schema: unknown): boolean {
  const type = asSchema(schema)?.type;
  return type === 'null' || (Array.isArray(type) && type.length === 1 && type[0] === 'null');
}

/** allOf parts merged into one object schema: properties and required lists together. */
function mergeAllOf(schema: Schema, root: unknown): Schema {
  const parts = (schema.allOf as unknown[]).map((part) => asSchema(deref(part, root)) ?? {});
  const merged: Schema = { ...schema };
  delete merged.allOf;
  const properties: Schema = { ...asSchema(schema.properties) };
  const required = new Set<unknown>(Array.isArray(schema.required) ? schema.required : []);
  for (const part of parts) {
    Object.assign(properties, asSchema(part.properties));
    if (Array.isArray(part.required)) for (const key of part.required) required.add(key);
    for (const [key, value] of Object.entries(part)) if (!(key in merged) && key !== 'properties' && key !== 'required') merged[key] = value;
  }
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function typeOf(schema: Schema): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const first = type.find((t): t is string => typeof t === 'string' && t !== 'null');
    return first ?? 'null';
  }
  if (schema.properties !== undefined || schema.additionalProperties !== undefined) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  if (schema.minimum !== undefined || schema.maximum !== undefined) return 'number';
  return 'string';
}

function valueFor(input: unknown, place: Place): Json {
  if (input === false) return null;
  let schema = asSchema(deref(input, place.root));
  if (schema === undefined) return textFor(place, {});
  const deep = place.depth > 6;

  if ('const' in schema) return structuredClone(schema.const) as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return structuredClone(place.writer.rng.pick(schema.enum)) as Json;
  if (Array.isArray(schema.allOf)) schema = mergeAllOf(schema, place.root);
  const options = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (options !== undefined) {
    const resolved = options.map((option) => deref(option, place.root));
    // Deep inside a recursive schema, a null option ends the recursion.
    const chosen = deep ? resolved.find(isNullSchema) ?? resolved[0] : resolved.find((o) => !isNullSchema(o)) ?? resolved[0];
    return valueFor(chosen, place);
  }

  switch (typeOf(schema)) {
    case 'object': return objectFor(schema, place);
    case 'array': return arrayFor(schema, place);
    case 'integer': return numberFor(schema, place, true);
    case 'number': return numberFor(schema, place, false);
    case 'boolean': return place.writer.rng.chance(0.7);
    case 'null': return null;
    default: return textFor(place, schema);
  }
}

function objectFor(schema: Schema, place: Place): Json {
  const out: { [key: string]: Json } = {};
  const properties = asSchema(schema.properties) ?? {};
  // Properties keep the position of their object in an array: roles alternate per message.
  const child = (name: string): Place => ({ ...place, depth: place.depth + 1, name });
  // Every property, required or not: a model asked for an object fills it in.
  for (const [name, propertySchema] of Object.entries(properties)) out[name] = valueFor(propertySchema, child(name));
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required) if (typeof name === 'string' && !(name in out)) out[name] = valueFor(schema.additionalProperties ?? {}, child(name));
  const extra = asSchema(schema.additionalProperties);
  if (Object.keys(properties).length === 0 && extra !== undefined && place.depth < 6) {
    const count = place.writer.rng.int(1, 3);
    for (let i = 1; i <= count; i += 1) out[`${place.name || 'item'}_${i}`] = valueFor(extra, child(place.name));
  }
  return out;
}

function arrayFor(schema: Schema, place: Place): Json {
  const rng = place.writer.rng;
  const min = numberOf(schema.minItems) ?? 0;
  const max = numberOf(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? (schema.items as unknown[]) : undefined;
  const itemSchema = tuple ? schema.additionalItems ?? (Array.isArray(schema.items) ? {} : schema.items ?? {}) : schema.items ?? {};
  const wanted = place.depth > 6 ? min : rng.int(1, 4);
  // A tuple that allows no further items (`items: false`) has exactly its own length.
  const limit = tuple && itemSchema === false ? Math.min(max, tuple.length) : max;
  const count = Math.max(min, Math.min(limit, tuple ? Math.max(wanted, tuple.length) : wanted));
  const out: Json[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const item: Place = { ...place, depth: place.depth + 1, index: i };
    let value = valueFor(tuple?.[i] ?? itemSchema, item);
    // uniqueItems (or a short enum) needs distinct values: retry a few times before giving up.
    for (let tries = 0; schema.uniqueItems === true && seen.has(JSON.stringify(value)) && tries < 20; tries += 1) {
      value = valueFor(tuple?.[i] ?? itemSchema, item);
    }
    if (schema.uniqueItems === true && seen.has(JSON.stringify(value)) && out.length >= min) break;
    seen.add(JSON.stringify(value));
    out.push(value);
  }
  return out;
}

const SCORE_NAME = /score|rating|grade|rank|quality|helpful|correct|relevan|accura|fluen|coheren|harmless/i;

function numberFor(schema: Schema, place: Place, integer: boolean): number {
  const rng = place.writer.rng;
  const isScore = SCORE_NAME.test(place.name);
  const exclusiveMin = numberOf(schema.exclusiveMinimum);
  const exclusiveMax = numberOf(schema.exclusiveMaximum);
  const step = integer ? 1 : 0.01;
  let min = numberOf(schema.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + step : undefined);
  let max = numberOf(schema.maximum) ?? (exclusiveMax !== undefined ? exclusiveMax - step : undefined);
  const span = isScore ? 4 : 100;
  if (min === undefined && max === undefined) [min, max] = isScore ? [1, 5] : [0, 100];
  min ??= (max ?? 0) - span;
  max ??= min + span;
  if (integer) {
    min = Math.ceil(min);
    max = Math.floor(max);
  }
  if (max < min) return min;
  let value: number;
  if (isScore) {
    // Judges lean towards the upper-middle of a scale, with the odd poor mark.
    const t = rng.chance(0.12) ? rng.next() * 0.4 : 0.4 + 0.6 * ((rng.next() + rng.next()) / 2);
    value = Math.round(min + t * (max - min));
  } else {
    value = min + rng.next() * (max - min);
  }
  const multiple = numberOf(schema.multipleOf);
  if (multiple !== undefined && multiple > 0) value = Math.min(max, Math.max(min, Math.round(value / multiple) * multiple));
  if (integer || isScore) return Math.min(max, Math.max(min, Math.round(value)));
  return Math.round(value * 100) / 100;
}

function textFor(place: Place, schema: Schema): string {
  const { writer } = place;
  const name = place.name.toLowerCase();
  const zh = writer.lang === 'zh';
  const few = (min: number, max: number): string => textOfLength(writer, zh ? min * 2 : min, zh ? max * 2 : max);
  let text: string;
  if (name === 'role') text = place.index % 2 === 0 ? 'user' : 'assistant';
  else if (/(^|_)(id|uuid)$/.test(name)) text = `${name.replace(/_?(id|uuid)$/, '') || 'item'}-${writer.rng.int(0x1000, 0xffff).toString(16)}`;
  else if (/^(lang|language|locale)$/.test(name)) text = writer.lang;
  else if (/reason|critique|rationale|explanation|justification|feedback|comment|analysis|thought|note/.test(name)) text = sentence(writer, 'reason');
  else if (/instruction|question|prompt|query|task|request/.test(name)) text = sentence(writer, 'question');
  else if (/rejected/.test(name)) text = few(10, 30);
  else if (/output|answer|response|chosen|completion|revised|reply|content|solution|body|text/.test(name)) text = few(25, 70);
  else if (/label|category|class|sentiment|intent|tag/.test(name)) text = writer.rng.pick(zh ? ['正面', '负面', '中性', '其他'] : ['positive', 'negative', 'neutral', 'other']);
  else if (/title|name|topic|subject|heading|keyword/.test(name)) text = sentence(writer, 'phrase');
  else if (/summary|input|context/.test(name)) text = sentence(writer, 'statement');
  else text = few(5, 40);
  return fitLength(text, schema, writer);
}

function fitLength(text: string, schema: Schema, writer: Writer): string {
  const minLength = numberOf(schema.minLength) ?? 0;
  const maxLength = numberOf(schema.maxLength);
  let out = text;
  for (let tries = 0; Array.from(out).length < minLength && tries < 50; tries += 1) {
    out += (writer.lang === 'en' ? ' ' : '') + sentence(writer, 'statement');
  }
  if (maxLength !== undefined && Array.from(out).length > maxLength) out = Array.from(out).slice(0, maxLength).join('').trimEnd();
  // Trimming may take the string back under minLength: pad with the last character.
  while (Array.from(out).length < minLength) out += out.slice(-1) || 'x';
  return out;
}

/** A value valid against `schema` (the root of any `$ref`s in it). */
export function answerForSchema(schema: unknown, writer: Writer): Json {
  return valueFor(schema, { writer, root: schema, depth: 0, name: '', index: 0 });
}

/** An object schema, or the OpenAI wrapper `{ name, schema }` around one. */
function objectSchema(value: unknown): Schema | undefined {
  const schema = asSchema(value);
  if (schema === undefined) return undefined;
  const type = schema.type;
  const isObject = type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (isObject && asSchema(schema.properties) !== undefined) return schema;
  return schema.schema !== undefined ? objectSchema(schema.schema) : undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where the `{` at `start` is closed, skipping braces inside strings; -1 if never. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * A JSON Schema of an object written into a prompt: in a ```json fenced block or, unless
 * `fencedOnly`, as any `{...}` in the text.
 */
export function findJsonSchema(text: string, fencedOnly: boolean): Schema | undefined {
  for (const match of text.matchAll(/```json[^\S\n]*\n?([\s\S]*?)```/gi)) {
    const schema = objectSchema(parse(match[1] ?? ''));
    if (schema) return schema;
  }
  if (fencedOnly) return undefined;
  let from = text.indexOf('{');
  // Bounded: a prompt full of braces should not cost quadratic time.
  for (let attempts = 0; from !== -1 && attempts < 200; attempts += 1) {
    // A brace in prose ("{" in quotes) can look unclosed: skip it and try the next one.
    const end = closingBrace(text, from);
    const schema = end === -1 ? undefined : objectSchema(parse(text.slice(from, end + 1)));
    if (schema) return schema;
    from = text.indexOf('{', from + 1);
  }
  return undefined;
}

