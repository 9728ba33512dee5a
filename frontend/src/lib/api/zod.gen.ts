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

export const BillParentRequest = z.strictObject({
  area: z.optional(z.nullable(z.string().check(z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))))),
  manual: z.optional(z.boolean()),
  qr: z.string(),
});

export const ChangePassword = z.strictObject({
  current_password: z.string(),
  new_password: z.string().check(characters(8, 128)),
});

export const ChildScanRequest = z.strictObject({
  child_qr: z.string(),
  parent_qr: z.string(),
});

export const CreateBill = z.strictObject({
  bill_id: z.string().check(characters(3, 50), z.regex(new RegExp("^[A-Za-z0-9_/-]{3,50}$", 'u'))),
  capacity: z.int32().check(z.gte(1), z.lte(500)),
  description: z.optional(z.string().check(characters(null, 500), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  destination: z.optional(z.string().check(characters(null, 200), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  vehicle_number: z.optional(z.string().check(characters(null, 40), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u')))),
  weighbridge_weight_kg: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(999999)))),
});

export const CreateParentType = z.strictObject({
  child_weight_kg: z.optional(z.number().check(z.gte(0.001), z.lt(1000000))),
  code: z.string().check(characters(2, 40), z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))),
  expected_weight_kg: z.number().check(z.gte(0.001), z.lt(1000000)),
  max_children: z.int32().check(z.gte(1), z.lte(1000)),
  name: z.string().check(characters(1, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))),
  qr_pattern: z.string(),
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

/** Fields to change; absent fields keep their value. `area: null` clears the area. */
export const UpdateUser = z.strictObject({
  area: z.optional(z.nullable(z.string().check(z.regex(new RegExp("^[a-z][a-z0-9_]{1,39}$", 'u'))))),
  display_name: z.optional(z.nullable(z.string().check(characters(null, 80), z.regex(new RegExp("^[^\\u0000-\\u001F\\u007F-\\u009F]*$", 'u'))))),
  password: z.optional(z.nullable(z.string().check(characters(8, 128)))),
  role: z.optional(z.nullable(Role)),
});

/** The lengths (in characters) and ranges the document states, by schema and property. */
export const limits = {
  ChangePassword: {
    new_password: { minLength: 8, maxLength: 128 },
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
    child_weight_kg: { minimum: 0.001, exclusiveMaximum: 1000000 },
    code: { minLength: 2, maxLength: 40 },
    expected_weight_kg: { minimum: 0.001, exclusiveMaximum: 1000000 },
    max_children: { minimum: 1, maximum: 1000 },
    name: { minLength: 1, maxLength: 80 },
  },
  CreateReturn: {
    notes: { maxLength: 1000 },
  },
  CreateUser: {
    display_name: { maxLength: 80 },
    password: { minLength: 8, maxLength: 128 },
    username: { minLength: 3, maxLength: 40 },
  },
  UpdateBill: {
    capacity: { minimum: 1, maximum: 500 },
    description: { maxLength: 500 },
    destination: { maxLength: 200 },
    vehicle_number: { maxLength: 40 },
    weighbridge_weight_kg: { minimum: 0, maximum: 999999 },
  },
  UpdateUser: {
    display_name: { maxLength: 80 },
    password: { minLength: 8, maxLength: 128 },
  },
} as const;
