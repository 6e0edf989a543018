// A small JSON Schema validator for the tests: the keywords the test server claims to honour,
// checked independently of the code that generates the values.

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return isSchema(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: return false;
  }
}

function resolve(ref: string, root: unknown): unknown {
  let node = root;
  for (const part of ref.replace(/^#\/?/, '').split('/').filter((p) => p !== '')) node = isSchema(node) ? node[part] : undefined;
  return node;
}

/** Every violation of `schema` by `value`, as "path: problem"; empty when valid. */
export function schemaErrors(schema: unknown, value: unknown, root: unknown = schema, path = '$'): string[] {
  if (schema === true || schema === undefined) return [];
  if (schema === false) return [`${path}: no value allowed`];
  if (!isSchema(schema)) return [`${path}: bad schema`];
  if (typeof schema.$ref === 'string') return schemaErrors(resolve(schema.$ref, root), value, root, path);
  const errors: string[] = [];
  const here = (problem: string): void => {
    errors.push(`${path}: ${problem}`);
  };
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) here('not the const');
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) here(`not in enum: ${JSON.stringify(value)}`);
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((option) => schemaErrors(option, value, root, path).length === 0)) here('matches no anyOf option');
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((option) => schemaErrors(option, value, root, path).length === 0).length !== 1) here('matches not exactly one oneOf option');
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) errors.push(...schemaErrors(part, value, root, path));
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  if (types.length > 0 && !types.some((type) => typeMatches(type, value))) {
    here(`expected ${types.join('|')}, got ${JSON.stringify(value)}`);
    return errors;
  }
  if (isSchema(value)) {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const name of required) if (!(name in value)) here(`missing ${name}`);
    for (const [name, item] of Object.entries(value)) {
      if (name in properties) errors.push(...schemaErrors(properties[name], item, root, `${path}.${name}`));
      else if (schema.additionalProperties === false) here(`unexpected property ${name}`);
      else if (isSchema(schema.additionalProperties)) errors.push(...schemaErrors(schema.additionalProperties, item, root, `${path}.${name}`));
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) here(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) here(`more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) here('items not unique');
    const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
    value.forEach((item, i) => {
      errors.push(...schemaErrors(i < tuple.length ? tuple[i] : schema.items, item, root, `${path}[${i}]`));
    });
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) here(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) here(`longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) here(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) here(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) here(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) here(`not below ${schema.exclusiveMaximum}`);
  }
  return errors;
}
