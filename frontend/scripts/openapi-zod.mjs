// @ts-check
// Writes the zod schemas of src/lib/api/zod.gen.ts from the OpenAPI document: one schema for
// every JSON request body (and the component schemas they reference), plus `limits`, the
// numbers the document states (lengths and ranges) for hints and messages. gen-api.mjs calls it.
//
// A converter of just the JSON Schema keywords the API uses, not a general one: `type` (one, or
// a list with "null"), `enum`, `pattern`, `minLength`, `maxLength`, `minimum`, `maximum`,
// `exclusiveMinimum`, `exclusiveMaximum`, `properties`, `required`, `additionalProperties`
// (false or absent), `items`, `minItems`, `maxItems`, `$ref`, `oneOf`/`anyOf` (a union; a
// member `{type: "null"}` makes it nullable), an `allOf` of one schema, and beside an object's
// `properties` an `allOf` of `if`/`then`/`else` rules between its fields. Annotations
// (`description`, `example`, `format` but int32 …) are skipped. Any other keyword stops the
// generation with its place in the document: a rule the server states is never dropped
// silently. Semantics kept from JSON Schema where zod differs: lengths count characters (code
// points, as the server does), not UTF-16 units; patterns are unanchored, with the `u` flag;
// an absent `additionalProperties` lets other keys through.

const ANNOTATIONS = new Set([
  '$comment', 'default', 'deprecated', 'description', 'example', 'examples', 'format', 'readOnly', 'title', 'writeOnly',
]);

const REF_PREFIX = '#/components/schemas/';
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The keywords `limits` reports for a property. */
const LIMIT_KEYWORDS = /** @type {const} */ (['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

/**
 * @typedef {{ [keyword: string]: unknown }} Schema
 * @typedef {{ paths?: Record<string, Record<string, unknown>>, components?: { schemas?: Record<string, unknown> } }} Document
 */

/** @param {unknown} value @returns {value is Schema} */
function isSchema(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {string} where @param {string} why @returns {never} */
function fail(where, why) {
  throw new Error(`openapi.json ${where}: ${why} (scripts/openapi-zod.mjs converts only the keywords it knows)`);
}

/** @param {unknown} value @param {string} where @returns {number} */
function numberAt(value, where) {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(where, 'must be a finite number');
}

/** @param {unknown} value @param {string} where @returns {number} */
function countAt(value, where) {
  return Number.isInteger(value) && /** @type {number} */ (value) >= 0 ? /** @type {number} */ (value) : fail(where, 'must be a whole number ≥ 0');
}

/** The component name of a `$ref`. @param {unknown} ref @param {string} where */
function refName(ref, where) {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) fail(where, `$ref ${JSON.stringify(ref)} is not a component schema`);
  const name = ref.slice(REF_PREFIX.length);
  if (!IDENTIFIER.test(name)) fail(where, `component name ${JSON.stringify(name)} is not an identifier`);
  return name;
}

/** @param {Schema} schema @param {Set<string>} allowed @param {string} where */
function onlyKeywords(schema, allowed, where) {
  for (const keyword of Object.keys(schema)) {
    if (!allowed.has(keyword) && !ANNOTATIONS.has(keyword)) fail(where, `keyword "${keyword}" is not supported here`);
  }
}

/** @param {string} key */
function propertyKey(key) {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/** @param {string} text @param {string} where */
function checkedPattern(text, where) {
  try {
    new RegExp(text, 'u');
  } catch (error) {
    fail(where, `pattern ${JSON.stringify(text)} is not an ECMAScript regular expression with the u flag (${String(error)})`);
  }
  return `z.regex(new RegExp(${JSON.stringify(text)}, 'u'))`;
}

/**
 * The zod expression of one schema.
 * @param {Schema} schema
 * @param {string} where a JSON pointer into the document, for messages
 * @param {Set<string>} uses component names this expression refers to (filled in)
 * @returns {string}
 */
function expression(schema, where, uses) {
  if (!isSchema(schema)) fail(where, 'is not a schema object');
  if ('$ref' in schema) {
    onlyKeywords(schema, new Set(['$ref']), where);
    const name = refName(schema.$ref, where);
    uses.add(name);
    return name;
  }
  for (const combiner of ['oneOf', 'anyOf']) {
    if (!(combiner in schema)) continue;
    onlyKeywords(schema, new Set([combiner]), where);
    const members = schema[combiner];
    if (!Array.isArray(members) || members.length === 0) fail(where, `${combiner} must be a non-empty list`);
    const isNull = (/** @type {unknown} */ member) => isSchema(member) && member.type === 'null' && Object.keys(member).every((k) => k === 'type' || ANNOTATIONS.has(k));
    const inner = members.flatMap((member, index) => (isNull(member) ? [] : [expression(member, `${where}/${combiner}/${index}`, uses)]));
    if (inner.length === 0) return 'z.null()';
    const union = inner.length === 1 ? /** @type {string} */ (inner[0]) : `z.union([${inner.join(', ')}])`;
    return inner.length < members.length ? `z.nullable(${union})` : union;
  }
  if ('allOf' in schema && !('properties' in schema)) {
    onlyKeywords(schema, new Set(['allOf']), where);
    const members = schema.allOf;
    if (!Array.isArray(members) || members.length !== 1) fail(where, 'allOf is supported with exactly one schema');
    return expression(members[0], `${where}/allOf/0`, uses);
  }
  if ('enum' in schema) {
    onlyKeywords(schema, new Set(['enum', 'type']), where);
    const values = schema.enum;
    if (!Array.isArray(values) || values.length === 0) fail(where, 'enum must be a non-empty list');
    if (values.every((value) => typeof value === 'string')) return `z.enum([${values.map((value) => JSON.stringify(value)).join(', ')}])`;
    const literals = values.map((value) => {
      if (value === null) return 'z.null()';
      if (['string', 'number', 'boolean'].includes(typeof value)) return `z.literal(${JSON.stringify(value)})`;
      return fail(where, 'enum values must be strings, numbers, booleans or null');
    });
    return literals.length === 1 ? /** @type {string} */ (literals[0]) : `z.union([${literals.join(', ')}])`;
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length === 0) {
    onlyKeywords(schema, new Set(), where);
    return 'z.unknown()';
  }
  const concrete = types.filter((type) => type !== 'null');
  if (concrete.length === 0) {
    onlyKeywords(schema, new Set(['type']), where);
    return 'z.null()';
  }
  const inner = concrete.map((type) => typed(schema, type, where, uses));
  const union = inner.length === 1 ? /** @type {string} */ (inner[0]) : `z.union([${inner.join(', ')}])`;
  return concrete.length < types.length ? `z.nullable(${union})` : union;
}

/**
 * One `type` of a schema with the keywords that constrain it.
 * @param {Schema} schema @param {unknown} type @param {string} where @param {Set<string>} uses
 * @returns {string}
 */
function typed(schema, type, where, uses) {
  /** @type {string[]} */
  const checks = [];
  const withChecks = (/** @type {string} */ base) => (checks.length > 0 ? `${base}.check(${checks.join(', ')})` : base);
  switch (type) {
    case 'string': {
      onlyKeywords(schema, new Set(['type', 'minLength', 'maxLength', 'pattern']), where);
      const min = schema.minLength === undefined ? null : countAt(schema.minLength, `${where}/minLength`);
      const max = schema.maxLength === undefined ? null : countAt(schema.maxLength, `${where}/maxLength`);
      if (min !== null || max !== null) checks.push(`characters(${min}, ${max})`);
      if (schema.pattern !== undefined) {
        if (typeof schema.pattern !== 'string') fail(`${where}/pattern`, 'must be a string');
        checks.push(checkedPattern(schema.pattern, `${where}/pattern`));
      }
      return withChecks('z.string()');
    }
    case 'integer':
    case 'number': {
      onlyKeywords(schema, new Set(['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']), where);
      const bounds = /** @type {const} */ ([['minimum', 'gte'], ['exclusiveMinimum', 'gt'], ['maximum', 'lte'], ['exclusiveMaximum', 'lt']]);
      for (const [keyword, check] of bounds) {
        if (schema[keyword] !== undefined) checks.push(`z.${check}(${numberAt(schema[keyword], `${where}/${keyword}`)})`);
      }
      const base = type === 'number' ? 'z.number()' : schema.format === 'int32' ? 'z.int32()' : 'z.int()';
      return withChecks(base);
    }
    case 'boolean':
      onlyKeywords(schema, new Set(['type']), where);
      return 'z.boolean()';
    case 'array': {
      onlyKeywords(schema, new Set(['type', 'items', 'minItems', 'maxItems']), where);
      if (!isSchema(schema.items)) fail(where, 'an array needs `items`');
      if (schema.minItems !== undefined) checks.push(`z.minLength(${countAt(schema.minItems, `${where}/minItems`)})`);
      if (schema.maxItems !== undefined) checks.push(`z.maxLength(${countAt(schema.maxItems, `${where}/maxItems`)})`);
      return withChecks(`z.array(${expression(schema.items, `${where}/items`, uses)})`);
    }
    case 'object':
      return object(schema, where, uses);
    default:
      return fail(where, `type ${JSON.stringify(type)} is not supported`);
  }
}

/** @param {Schema} schema @param {string} where @param {Set<string>} uses */
function object(schema, where, uses) {
  onlyKeywords(schema, new Set(['type', 'properties', 'required', 'additionalProperties', 'allOf']), where);
  const properties = schema.properties ?? {};
  if (!isSchema(properties)) fail(`${where}/properties`, 'must be an object');
  const required = schema.required ?? [];
  if (!Array.isArray(required) || !required.every((name) => typeof name === 'string')) fail(`${where}/required`, 'must be a list of names');
  for (const name of required) if (!(name in properties)) fail(`${where}/required`, `"${name}" is required but not a property`);
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false && extra !== true) fail(`${where}/additionalProperties`, 'only false or true is supported');
  const lines = Object.entries(properties).map(([name, property]) => {
    const inner = expression(/** @type {Schema} */ (property), `${where}/properties/${name}`, uses);
    return `${propertyKey(name)}: ${required.includes(name) ? inner : `z.optional(${inner})`},`;
  });
  const make = extra === false ? 'z.strictObject' : 'z.looseObject';
  const base = lines.length === 0 ? `${make}({})` : `${make}({\n${lines.map((line) => `  ${line}`).join('\n')}\n})`;
  if (schema.allOf === undefined) return base;
  if (!Array.isArray(schema.allOf)) fail(`${where}/allOf`, 'must be a list');
  const rules = schema.allOf.map((member, index) => {
    const at = `${where}/allOf/${index}`;
    if (!isSchema(member) || member.if === undefined) fail(at, 'beside `properties`, only an `if`/`then`/`else` is supported');
    return `conditional(${JSON.stringify(condition(member, at))})`;
  });
  return `${base}.check(${rules.join(', ')})`;
}

/**
 * An `if`/`then`/`else` between the fields of an object (an `allOf` member beside its
 * `properties`, e.g. a dispatcher needs an area), in
 * the few keywords `conditional` evaluates: `required`, and per property `const`, `enum` and
 * `type` ("string" or "null"); `then` and `else` may hold an `if` of their own.
 * @param {Schema} schema @param {string} where @returns {Schema}
 */
function condition(schema, where) {
  onlyKeywords(schema, new Set(['if', 'then', 'else']), where);
  /** @type {Schema} */
  const rule = {};
  for (const branch of /** @type {const} */ (['if', 'then', 'else'])) {
    const part = schema[branch];
    if (part === undefined) continue;
    if (!isSchema(part)) fail(`${where}/${branch}`, 'must be a schema');
    onlyKeywords(part, new Set(['required', 'properties', 'if', 'then', 'else']), `${where}/${branch}`);
    /** @type {Schema} */
    const converted = part.if === undefined ? {} : condition(part, `${where}/${branch}`);
    if (part.required !== undefined) converted.required = part.required;
    if (part.properties !== undefined) {
      if (!isSchema(part.properties)) fail(`${where}/${branch}/properties`, 'must be an object');
      for (const [name, property] of Object.entries(part.properties)) {
        if (!isSchema(property)) fail(`${where}/${branch}/properties/${name}`, 'must be a schema');
        onlyKeywords(property, new Set(['const', 'enum', 'type']), `${where}/${branch}/properties/${name}`);
        if (property.type !== undefined && property.type !== 'string' && property.type !== 'null') {
          fail(`${where}/${branch}/properties/${name}/type`, 'only "string" or "null" is supported in a condition');
        }
      }
      converted.properties = part.properties;
    }
    rule[branch] = converted;
  }
  return rule;
}

/**
 * The component schemas a JSON request body names, in document order.
 * @param {Document} document
 */
export function requestBodySchemas(document) {
  /** @type {Set<string>} */
  const names = new Set();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!isSchema(operation) || !isSchema(operation.requestBody) || !isSchema(operation.requestBody.content)) continue;
      const json = operation.requestBody.content['application/json'];
      if (!isSchema(json) || !isSchema(json.schema)) continue;
      const where = `${method.toUpperCase()} ${path} requestBody`;
      if (!('$ref' in json.schema)) fail(where, 'an inline JSON body schema has no name to export: make it a component');
      names.add(refName(json.schema.$ref, where));
    }
  }
  return [...names];
}

/**
 * The limits a schema states for each of its properties.
 * @param {Schema} schema
 * @returns {Record<string, Record<string, number>>}
 */
function limitsOf(schema) {
  /** @type {Record<string, Record<string, number>>} */
  const limits = {};
  const properties = isSchema(schema.properties) ? schema.properties : {};
  for (const [name, property] of Object.entries(properties)) {
    if (!isSchema(property)) continue;
    const stated = LIMIT_KEYWORDS.filter((keyword) => typeof property[keyword] === 'number').map((keyword) => [keyword, /** @type {number} */ (property[keyword])]);
    if (stated.length > 0) limits[name] = Object.fromEntries(stated);
  }
  return limits;
}

const HEADER = `// Generated from ../openapi/openapi.json by \`npm run gen:api\` (scripts/gen-api.mjs, scripts/openapi-zod.mjs).
// Do not edit by hand: \`npm run check\` fails when this file and the document differ.
//
// One zod schema per JSON request body the API takes (and the schemas they reference), with
// every constraint the document states; \`limits\` holds its lengths and ranges for hints and
// messages. Forms check a body with these through src/lib/api/validation.ts.
import * as z from 'zod/mini';

/** A string's length as JSON Schema and the server count it: in characters (code points), not UTF-16 units. */
function characters(minimum: number | null, maximum: number | null) {
  return z.check<string>((payload) => {
    const count = [...payload.value].length;
    if (minimum !== null && count < minimum) payload.issues.push({ code: 'too_small', origin: 'string', minimum, inclusive: true, input: payload.value });
    if (maximum !== null && count > maximum) payload.issues.push({ code: 'too_big', origin: 'string', maximum, inclusive: true, input: payload.value });
  });
}

type Rule = {
  required?: string[];
  properties?: Record<string, { const?: unknown; enum?: unknown[]; type?: 'string' | 'null' }>;
  if?: Rule;
  then?: Rule;
  else?: Rule;
};

/** The first field of \`value\` that breaks \`rule\` (JSON Schema semantics), or null. */
function breaking(rule: Rule, value: Record<string, unknown>): string | null {
  for (const name of rule.required ?? []) if (!(name in value)) return name;
  for (const [name, property] of Object.entries(rule.properties ?? {})) {
    if (!(name in value)) continue;
    const field = value[name];
    if ('const' in property && field !== property.const) return name;
    if (property.enum !== undefined && !property.enum.includes(field)) return name;
    if (property.type === 'string' && typeof field !== 'string') return name;
    if (property.type === 'null' && field !== null) return name;
  }
  if (rule.if !== undefined) {
    const branch = breaking(rule.if, value) === null ? rule.then : rule.else;
    if (branch !== undefined) return breaking(branch, value);
  }
  return null;
}

/** An \`if\`/\`then\`/\`else\` of the document between an object's fields; the issue names the field (its words are the form's, validation.ts). */
function conditional(rule: Rule) {
  return z.check<Record<string, unknown>>((payload) => {
    const field = breaking(rule, payload.value);
    if (field !== null) payload.issues.push({ code: 'custom', path: [field], input: payload.value });
    // Also when another field is broken, so that a form shows every problem at once.
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
}
`;

/**
 * The source of zod.gen.ts for a document.
 * @param {Document} document
 * @returns {string}
 */
export function zodModule(document) {
  const components = document.components?.schemas ?? {};
  const roots = requestBodySchemas(document);
  /** @type {Map<string, { code: string, uses: Set<string> }>} */
  const converted = new Map();
  /** @type {string[]} */
  const order = [];
  /** @type {Set<string>} */
  const visiting = new Set();

  /** @param {string} name @param {string} from */
  function visit(name, from) {
    if (converted.has(name)) return;
    if (visiting.has(name)) fail(`#/components/schemas/${name}`, `refers back to itself (from ${from}); recursive schemas are not supported`);
    const schema = components[name];
    if (!isSchema(schema)) fail(from, `$ref to a missing schema "${name}"`);
    visiting.add(name);
    /** @type {Set<string>} */
    const uses = new Set();
    const code = expression(schema, `#/components/schemas/${name}`, uses);
    for (const used of [...uses].sort()) visit(used, `#/components/schemas/${name}`);
    visiting.delete(name);
    converted.set(name, { code, uses });
    order.push(name);
  }
  for (const name of [...roots].sort()) visit(name, 'a request body');

  const schemas = order.map((name) => {
    const schema = /** @type {Schema} */ (components[name]);
    const doc = typeof schema.description === 'string' ? `/** ${schema.description.split('\n').join(' ').replace(/\*\//g, '*\\/')} */\n` : '';
    return `${doc}export const ${name} = ${/** @type {{ code: string }} */ (converted.get(name)).code};\n`;
  });

  /** @type {string[]} */
  const limitLines = [];
  for (const name of [...order].sort()) {
    const limits = limitsOf(/** @type {Schema} */ (components[name]));
    const fields = Object.entries(limits);
    if (fields.length === 0) continue;
    limitLines.push(`  ${name}: {`);
    for (const [field, values] of fields) {
      const pairs = Object.entries(values).map(([keyword, value]) => `${keyword}: ${value}`);
      limitLines.push(`    ${propertyKey(field)}: { ${pairs.join(', ')} },`);
    }
    limitLines.push('  },');
  }
  const limits = `/** The lengths (in characters) and ranges the document states, by schema and property. */\nexport const limits = {\n${limitLines.join('\n')}\n} as const;\n`;

  return [HEADER, ...schemas, limits].join('\n');
}
