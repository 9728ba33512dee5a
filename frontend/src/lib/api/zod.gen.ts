// Generated from ../openapi/openapi.json by `npm run gen:api` (scripts/gen-api.mjs, scripts/openapi-zod.mjs).
// Do not edit by hand: `npm run check` fails when this file and the document differ.
//
// One zod schema per JSON request body the API takes (and the schemas they reference), with
// every constraint the document states; `limits` holds its lengths and ranges for hints and
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

/** The first field of `value` that breaks `rule` (JSON Schema semantics), or null. */
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

/** An `if`/`then`/`else` of the document between an object's fields; the issue names the field (its words are the form's, validation.ts). */
function conditional(rule: Rule) {
  return z.check<Record<string, unknown>>((payload) => {
    const field = breaking(rule, payload.value);
    if (field !== null) payload.issues.push({ code: 'custom', path: [field], input: payload.value });
    // Also when another field is broken, so that a form shows every problem at once.
  }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
}

export const BillParentRequest = z.strictObject({
  area: z.optional(z.nullable(z.string().check(z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))))),
  manual: z.optional(z.boolean()),
  qr: z.string(),
});

/** One event as sent. Its other members (`eventTime`, `bizStep`, `readPoint`, …) are read past: the change is recorded at the time it is applied. */
export const CaptureEvent = z.looseObject({
  action: z.optional(z.string().check(characters(1, 20))),
  childEPCs: z.optional(z.array(z.string()).check(z.maxLength(1000))),
  eventID: z.optional(z.string().check(characters(1, 500))),
  parentID: z.optional(z.string().check(characters(1, 2048))),
  type: z.string().check(characters(1, 200)),
});

export const CaptureBody = z.looseObject({
  eventList: z.array(CaptureEvent).check(z.maxLength(1000)),
});

/** An EPCIS document's `type`: what the day's document is, and what capture takes. */
export const DocumentType = z.enum(["EPCISDocument"]);

/** An EPCIS 2.0 document (JSON-LD; `application/ld+json` or `application/json`) of events to capture. `@context`, `schemaVersion`, `creationDate` and every other member are read past. */
export const CaptureDocument = z.looseObject({
  epcisBody: CaptureBody,
  type: DocumentType,
});

export const ChangePassword = z.strictObject({
  current_password: z.string(),
  new_password: z.string().check(characters(8, 128)),
});

export const ChildScanRequest = z.strictObject({
  child_qr: z.string(),
  parent_qr: z.string(),
});

/** What an API key may do. A person's role decides for people; a key's scopes decide for keys (a key never does what only admins may: users, keys, webhooks, configuration, audit). */
export const Scope = z.enum(["read", "scan", "bill", "export", "epcis"]);

export const CreateApiKey = z.strictObject({
  area: z.optional(z.nullable(z.string().check(characters(2, 40), z.regex(new RegExp("^[A-Za-z][A-Za-z0-9_]{1,39}$", 'u'))))),
  name: z.string().check(characters(1, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))),
  requests_per_minute: z.optional(z.nullable(z.int32().check(z.gte(1), z.lte(1000000)))),
  scopes: z.array(Scope).check(z.minLength(1), z.maxLength(5)),
});

export const CreateArea = z.strictObject({
  code: z.string().check(characters(2, 40), z.regex(new RegExp("^[A-Za-z][A-Za-z0-9_]{1,39}$", 'u'))),
  name: z.string().check(characters(1, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))),
});

export const CreateBill = z.strictObject({
  bill_id: z.string().check(characters(3, 50), z.regex(new RegExp("^[ \\t\\r\\n]*[A-Za-z0-9_/-]{3,50}[ \\t\\r\\n]*$", 'u'))),
  capacity: z.int32().check(z.gte(1), z.lte(500)),
  description: z.optional(z.string().check(characters(null, 500), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  destination: z.optional(z.string().check(characters(null, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  vehicle_number: z.optional(z.string().check(characters(null, 40), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  weighbridge_weight_kg: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(999999)))),
});

export const CreateParentType = z.strictObject({
  child_weight_kg: z.optional(z.number().check(z.gte(0.001), z.lte(999999.999))),
  code: z.string().check(characters(2, 40), z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))),
  expected_weight_kg: z.number().check(z.gte(0.001), z.lte(999999.999)),
  max_children: z.int32().check(z.gte(1), z.lte(1000)),
  name: z.string().check(characters(1, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))),
  qr_pattern: z.string().check(characters(1, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))),
});

export const CreateReturn = z.strictObject({
  area: z.optional(z.nullable(z.string())),
  notes: z.optional(z.string().check(characters(null, 1000), z.regex(new RegExp("^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$", 'u')))),
});

/** What a user may do (SPEC §6). Ordered by privilege only for display; checks are explicit. */
export const Role = z.enum(["admin", "biller", "dispatcher"]);

export const CreateUser = z.strictObject({
  area: z.optional(z.nullable(z.string().check(z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))))),
  display_name: z.optional(z.string().check(characters(null, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  password: z.string().check(characters(8, 128)),
  role: Role,
  username: z.string().check(characters(3, 40), z.regex(new RegExp("^[A-Za-z0-9._-]{3,40}$", 'u'))),
}).check(conditional({"if":{"properties":{"role":{"const":"dispatcher"}}},"then":{"required":["area"],"properties":{"area":{"type":"string"}}},"else":{"properties":{"area":{"type":"null"}}}}));

/** The kinds of change a webhook can announce. */
export const WebhookEvent = z.enum(["parent.completed", "bill.created", "bill.completed", "bill.reopened", "bill.deleted", "return.created", "return.finalized", "return.cancelled", "bag.deleted", "import.finished"]);

export const CreateWebhook = z.strictObject({
  description: z.optional(z.string().check(characters(null, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  events: z.array(WebhookEvent).check(z.minLength(1), z.maxLength(10)),
  url: z.string().check(characters(8, 2000), z.regex(new RegExp("^[Hh][Tt][Tt][Pp][Ss]?://\\S+$", 'u'))),
});

export const DownloadLinkRequest = z.strictObject({
  path: z.string().check(characters(1, 2000)),
});

export const LoginRequest = z.strictObject({
  password: z.string(),
  totp: z.optional(z.nullable(z.string())),
  username: z.string(),
});

export const LogoutRequest = z.strictObject({
  everywhere: z.optional(z.boolean()),
  refresh_token: z.optional(z.nullable(z.string())),
});

export const ParentScanRequest = z.strictObject({
  area: z.optional(z.nullable(z.string().check(z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))))),
  qr: z.string(),
});

export const RefreshRequest = z.strictObject({
  refresh_token: z.string(),
});

export const ReturnParentRequest = z.strictObject({
  qr: z.string(),
});

export const TotpCode = z.strictObject({
  code: z.string(),
});

export const TotpDisableRequest = z.strictObject({
  code: z.string(),
  password: z.string(),
});

export const TotpSetupRequest = z.strictObject({
  password: z.string(),
});

/** Fields to change; an absent field keeps its value. */
export const UpdateArea = z.strictObject({
  name: z.optional(z.nullable(z.string().check(characters(1, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  retired: z.optional(z.nullable(z.boolean())),
});

export const UpdateBill = z.strictObject({
  capacity: z.optional(z.nullable(z.int32().check(z.gte(1), z.lte(500)))),
  description: z.optional(z.nullable(z.string().check(characters(null, 500), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  destination: z.optional(z.nullable(z.string().check(characters(null, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  vehicle_number: z.optional(z.nullable(z.string().check(characters(null, 40), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  weighbridge_weight_kg: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(999999)))),
});

/** The language a person reads the app in. It belongs to the user, not the device, so it follows them from one scanner to the next. */
export const Language = z.enum(["en", "hi"]);

export const UpdateMe = z.strictObject({
  language: Language,
});

/** Fields to change; an absent field keeps its value. */
export const UpdateParentType = z.strictObject({
  child_weight_kg: z.optional(z.nullable(z.number().check(z.gte(0.001), z.lte(999999.999)))),
  expected_weight_kg: z.optional(z.nullable(z.number().check(z.gte(0.001), z.lte(999999.999)))),
  max_children: z.optional(z.nullable(z.int32().check(z.gte(1), z.lte(1000)))),
  name: z.optional(z.nullable(z.string().check(characters(1, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  qr_pattern: z.optional(z.nullable(z.string().check(characters(1, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  retired: z.optional(z.nullable(z.boolean())),
});

/** The free text of a ticket an open ticket may change. A field left out stays as it is. */
export const UpdateReturn = z.strictObject({
  notes: z.optional(z.nullable(z.string().check(characters(null, 1000), z.regex(new RegExp("^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$", 'u'))))),
});

/** Fields to change; absent fields keep their value. `area: null` clears the area. */
export const UpdateUser = z.strictObject({
  area: z.optional(z.nullable(z.string().check(z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))))),
  display_name: z.optional(z.nullable(z.string().check(characters(null, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  password: z.optional(z.nullable(z.string().check(characters(8, 128)))),
  role: z.optional(z.nullable(Role)),
}).check(conditional({"if":{"required":["role","area"],"properties":{"area":{},"role":{"const":"dispatcher"}}},"then":{"properties":{"area":{"type":"string"}}},"else":{"if":{"required":["role","area"],"properties":{"area":{},"role":{"enum":["admin","biller"]}}},"then":{"properties":{"area":{"type":"null"}}}}}));

/** Fields to change; an absent field keeps its value. `enabled: true` turns a subscription that was disabled after persistent failure back on (its given-up deliveries stay given up; send them again one by one). */
export const UpdateWebhook = z.strictObject({
  description: z.optional(z.nullable(z.string().check(characters(null, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  enabled: z.optional(z.nullable(z.boolean())),
  events: z.optional(z.nullable(z.array(WebhookEvent).check(z.minLength(1), z.maxLength(10)))),
  url: z.optional(z.nullable(z.string().check(characters(8, 2000), z.regex(new RegExp("^[Hh][Tt][Tt][Pp][Ss]?://\\S+$", 'u'))))),
});

/** The lengths (in characters) and ranges the document states, by schema and property. */
export const limits = {
  CaptureEvent: {
    action: { minLength: 1, maxLength: 20 },
    eventID: { minLength: 1, maxLength: 500 },
    parentID: { minLength: 1, maxLength: 2048 },
    type: { minLength: 1, maxLength: 200 },
  },
  ChangePassword: {
    new_password: { minLength: 8, maxLength: 128 },
  },
  CreateApiKey: {
    area: { minLength: 2, maxLength: 40 },
    name: { minLength: 1, maxLength: 80 },
    requests_per_minute: { minimum: 1, maximum: 1000000 },
  },
  CreateArea: {
    code: { minLength: 2, maxLength: 40 },
    name: { minLength: 1, maxLength: 80 },
  },
  CreateBill: {
    bill_id: { minLength: 3, maxLength: 50 },
    capacity: { minimum: 1, maximum: 500 },
    description: { maxLength: 500 },
    destination: { maxLength: 200 },
    vehicle_number: { maxLength: 40 },
    weighbridge_weight_kg: { minimum: 0, maximum: 999999 },
  },
  CreateParentType: {
    child_weight_kg: { minimum: 0.001, maximum: 999999.999 },
    code: { minLength: 2, maxLength: 40 },
    expected_weight_kg: { minimum: 0.001, maximum: 999999.999 },
    max_children: { minimum: 1, maximum: 1000 },
    name: { minLength: 1, maxLength: 80 },
    qr_pattern: { minLength: 1, maxLength: 200 },
  },
  CreateReturn: {
    notes: { maxLength: 1000 },
  },
  CreateUser: {
    display_name: { maxLength: 80 },
    password: { minLength: 8, maxLength: 128 },
    username: { minLength: 3, maxLength: 40 },
  },
  CreateWebhook: {
    description: { maxLength: 200 },
    url: { minLength: 8, maxLength: 2000 },
  },
  DownloadLinkRequest: {
    path: { minLength: 1, maxLength: 2000 },
  },
  UpdateArea: {
    name: { minLength: 1, maxLength: 80 },
  },
  UpdateBill: {
    capacity: { minimum: 1, maximum: 500 },
    description: { maxLength: 500 },
    destination: { maxLength: 200 },
    vehicle_number: { maxLength: 40 },
    weighbridge_weight_kg: { minimum: 0, maximum: 999999 },
  },
  UpdateParentType: {
    child_weight_kg: { minimum: 0.001, maximum: 999999.999 },
    expected_weight_kg: { minimum: 0.001, maximum: 999999.999 },
    max_children: { minimum: 1, maximum: 1000 },
    name: { minLength: 1, maxLength: 80 },
    qr_pattern: { minLength: 1, maxLength: 200 },
  },
  UpdateReturn: {
    notes: { maxLength: 1000 },
  },
  UpdateUser: {
    display_name: { maxLength: 80 },
    password: { minLength: 8, maxLength: 128 },
  },
  UpdateWebhook: {
    description: { maxLength: 200 },
    url: { minLength: 8, maxLength: 2000 },
  },
} as const;
