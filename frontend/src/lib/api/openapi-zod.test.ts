// The converter behind zod.gen.ts (scripts/openapi-zod.mjs), on small documents.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { requestBodySchemas, zodModule } from '../../../scripts/openapi-zod.mjs';

/** A document whose one request body is `Body`, with the given component schemas. */
function documentWith(schemas: Record<string, unknown>) {
  return {
    paths: { '/things': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } } } } },
    components: { schemas },
  };
}

const body = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', required, properties, additionalProperties: false });

describe('openapi-zod', () => {
  it('is what zod.gen.ts holds for the committed document', () => {
    const document = JSON.parse(readFileSync(new URL('../../../../openapi/openapi.json', import.meta.url), 'utf8')) as Parameters<typeof zodModule>[0];
    expect(readFileSync(new URL('./zod.gen.ts', import.meta.url), 'utf8')).toBe(zodModule(document));
    expect(requestBodySchemas(document)).toContain('CreateBill');
  });

  it('writes each keyword as zod, with JSON Schema’s meaning', () => {
    const source = zodModule(documentWith({
      Body: body({
        name: { type: 'string', minLength: 1, maxLength: 80, pattern: '^\\p{L}+$', description: 'skipped' },
        count: { type: 'integer', format: 'int32', minimum: 1, maximum: 500 },
        big: { type: 'integer', format: 'int64' },
        weight: { type: ['number', 'null'], exclusiveMinimum: 0, exclusiveMaximum: 1000000 },
        kind: { $ref: '#/components/schemas/Kind' },
        maybe: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/Kind' }] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        flag: { type: 'boolean' },
      }, ['name', 'count']),
      Kind: { type: 'string', enum: ['a', 'b'] },
    }));
    expect(source).toContain("export const Kind = z.enum([\"a\", \"b\"]);");
    expect(source.indexOf('export const Kind')).toBeLessThan(source.indexOf('export const Body'));
    expect(source).toContain("name: z.string().check(characters(1, 80), z.regex(new RegExp(\"^\\\\p{L}+$\", 'u'))),");
    expect(source).toContain('count: z.int32().check(z.gte(1), z.lte(500)),');
    expect(source).toContain('big: z.optional(z.int()),');
    expect(source).toContain('weight: z.optional(z.nullable(z.number().check(z.gt(0), z.lt(1000000)))),');
    expect(source).toContain('kind: z.optional(Kind),');
    expect(source).toContain('maybe: z.optional(z.nullable(Kind)),');
    expect(source).toContain('tags: z.optional(z.array(z.string()).check(z.maxLength(3))),');
    expect(source).toContain('export const Body = z.strictObject({');
    expect(source).toContain('Body: {\n    name: { minLength: 1, maxLength: 80 },\n    count: { minimum: 1, maximum: 500 },');
  });

  it('lets other keys through where the document does not forbid them', () => {
    expect(zodModule(documentWith({ Body: { type: 'object', properties: { a: { type: 'string' } } } }))).toContain('export const Body = z.looseObject({');
  });

  it('stops at what it cannot convert, naming the place, rather than dropping a rule', () => {
    expect(() => zodModule(documentWith({ Body: body({ n: { type: 'number', multipleOf: 5 } }) }))).toThrow(
      /#\/components\/schemas\/Body\/properties\/n: keyword "multipleOf" is not supported/,
    );
    expect(() => zodModule(documentWith({ Body: { type: 'object', additionalProperties: { type: 'string' } } }))).toThrow(/additionalProperties/);
    expect(() => zodModule(documentWith({ Body: body({ s: { type: 'string', pattern: '[' } }) }))).toThrow(/not an ECMAScript regular expression/);
    expect(() => zodModule(documentWith({ Body: body({ k: { $ref: '#/components/schemas/Gone' } }) }))).toThrow(/missing schema "Gone"/);
    expect(() => zodModule(documentWith({ Body: body({ self: { $ref: '#/components/schemas/Body' } }) }))).toThrow(/recursive/);
    expect(() => zodModule(documentWith({ Body: body({}, ['ghost']) }))).toThrow(/"ghost" is required but not a property/);
    expect(() => zodModule(documentWith({ Body: body({ a: { allOf: [{ type: 'string' }, { maxLength: 3 }] } }) }))).toThrow(/allOf/);
    const inline = { paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: { type: 'object' } } } } } } } };
    expect(() => zodModule(inline)).toThrow(/POST \/x requestBody: an inline JSON body schema/);
  });
});
