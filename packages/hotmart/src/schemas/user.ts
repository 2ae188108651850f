import { z } from 'zod';
import { strictParams } from './common.ts';

/**
 * Answer of `GET /user/api/v1/me`: the authenticated account's profile, the best connection test (reference §4.8).
 *
 * @example
 * UserMe.parse({ id: 1, name: 'Ann', email: 'ann@example.com', login: 'ann@example.com', ucode: 'c9e5e3f4' });
 */
export const UserMe = z.looseObject({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  login: z.string(),
  ucode: z.string(),
  // The address's fields are not documented; W6W types it as an object.
  address: z.looseObject({}).nullable().optional(),
  entity_type: z.string().optional(),
  locale: z.string().optional(),
  time_zone: z.string().optional(),
  currency_code_commission: z.string().optional(),
});
/** The account profile. @example const me: UserMe = { id: 1, name: 'Ann', email: 'a@b.c', login: 'a@b.c', ucode: 'u' }; */
export type UserMe = z.infer<typeof UserMe>;

/**
 * Body of `POST /accounts/api/v1/info`, a GraphQL-shaped request such as
 * `accountByFilterToExternalApplication(accountInput: { ucode })` (reference §4.8).
 *
 * @example
 * AccountInfoBody.parse({ query: '{ accountByFilterToExternalApplication(accountInput: { ucode: "u" }) { name } }' });
 */
export const AccountInfoBody = strictParams({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).optional(),
  operationName: z.string().min(1).optional(),
});
/** Account info body. @example const body: AccountInfoBody = { query: '{ accountByFilterToExternalApplication { name } }' }; */
export type AccountInfoBody = z.input<typeof AccountInfoBody>;

/**
 * Answer of `POST /accounts/api/v1/info`: a GraphQL-style `{ data?, errors? }`, passed through.
 *
 * @example
 * AccountInfoResponse.parse({ data: { accountByFilterToExternalApplication: { name: 'Ann' } } });
 */
export const AccountInfoResponse = z.looseObject({
  data: z.unknown().optional(),
  errors: z.array(z.looseObject({ message: z.string().optional() })).optional(),
});
/** An account info answer. @example const answer: AccountInfoResponse = { data: null }; */
export type AccountInfoResponse = z.infer<typeof AccountInfoResponse>;
