// Names for the generated schema's types, so features import `User` rather than
// `components['schemas']['User']`. Nothing here is written by hand: every type is the schema's.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Area = Schemas['Area'];
export type AuditEntry = Schemas['AuditEntry'];
export type Bag = Schemas['Bag'];
export type BagDetail = Schemas['BagDetail'];
export type BagKind = Schemas['BagKind'];
export type BagStatus = Schemas['BagStatus'];
export type BagPage = Schemas['BagPage'];
export type ChildScanResult = Schemas['ChildScanResult'];
export type CreateUser = Schemas['CreateUser'];
export type ErrorCode = Schemas['ErrorCode'];
export type Event = Schemas['Event'];
export type ParentScanResult = Schemas['ParentScanResult'];
export type ParentType = Schemas['ParentType'];
export type Problem = Schemas['Problem'];
export type Role = Schemas['Role'];
export type TokenPair = Schemas['TokenPair'];
export type Trace = Schemas['Trace'];
export type UnlinkResult = Schemas['UnlinkResult'];
export type UpdateUser = Schemas['UpdateUser'];
export type User = Schemas['User'];
export type UserPage = Schemas['UserPage'];
export type Activity = Schemas['Activity'];
export type ActivityPoint = Schemas['ActivityPoint'];
export type Bill = Schemas['Bill'];
export type BillDetail = Schemas['BillDetail'];
export type BillLoadResult = Schemas['BillLoadResult'];
export type BillPage = Schemas['BillPage'];
export type BillStatusFilter = Schemas['BillStatusFilter'];
export type CreateBill = Schemas['CreateBill'];
export type CreateReturn = Schemas['CreateReturn'];
export type ReturnDetail = Schemas['ReturnDetail'];
export type ReturnTicket = Schemas['ReturnTicket'];
export type Stats = Schemas['Stats'];
export type ChangePassword = Schemas['ChangePassword'];
export type CreateParentType = Schemas['CreateParentType'];
export type DayFigures = Schemas['DayFigures'];
export type EndOfDay = Schemas['EndOfDay'];
export type EventPage = Schemas['EventPage'];
export type LoginRequest = Schemas['LoginRequest'];
export type TotpDisableRequest = Schemas['TotpDisableRequest'];
export type TotpSetup = Schemas['TotpSetup'];
