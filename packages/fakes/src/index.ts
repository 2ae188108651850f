export {
  type A1Reading,
  type CellSpan,
  columnLetters,
  formatA1,
  parseA1,
  quoteSheetTitle,
} from './google/a1-notation.ts';
export { createGoogleFake, type GoogleFake, type GoogleFakeOptions } from './google/google-fake.ts';
export {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  type GoogleSeed,
  GoogleState,
  type IssuedToken,
  type ServiceAccountInput,
  type SpreadsheetSeed,
} from './google/google-state.ts';
export type { AssertionClaims, ServiceAccount } from './google/service-account-assertion.ts';
export {
  type CellValue,
  type MajorDimension,
  type SheetProperties,
  type SheetSeed,
  Spreadsheet,
  type UpdateResult,
  type ValueInputOption,
  type ValueRenderOption,
} from './google/spreadsheet.ts';
export {
  ASSOCIATION_TYPES,
  type AssociationType,
  type CrmObjectType,
  DEFAULT_PIPELINES,
  OBJECT_TYPE_IDS,
  type Pipeline,
  type PropertyDefinition,
} from './hubspot/crm-schema.ts';
export {
  createHubspotFake,
  DEFAULT_HUBSPOT_TOKEN,
  type HubspotFake,
  type HubspotFakeOptions,
} from './hubspot/hubspot-fake.ts';
export {
  type AssociationEdge,
  type CrmList,
  type CrmRecord,
  type HubspotSeed,
  HubspotState,
} from './hubspot/hubspot-state.ts';
export type { Clock, FakeHandle } from './internal/fake-host.ts';
export {
  type Fault,
  FaultInjector,
  type FaultKind,
  type FaultRuleInput,
  faultRuleSchema,
} from './internal/fault-injector.ts';
export type { RecordedRequest } from './internal/request-log.ts';
export { type RunningFake, type ServeFakeOptions, serveFake } from './serve-fake.ts';
export {
  createSlackFake,
  DEFAULT_SLACK_BOT_TOKEN,
  type SlackFake,
  type SlackFakeOptions,
} from './slack/slack-fake.ts';
export {
  SLACK_IDENTITY,
  type SlackChannel,
  type SlackIdentity,
  type SlackMessage,
  type SlackSeed,
  SlackState,
} from './slack/slack-state.ts';
export { type RunningFakes, type StartFakesOptions, startFakes } from './start-fakes.ts';
export {
  createZendeskFake,
  DEFAULT_ZENDESK_API_TOKEN,
  type ZendeskFake,
  type ZendeskFakeOptions,
} from './zendesk/zendesk-fake.ts';
export {
  DEFAULT_ZENDESK_AGENT_EMAIL,
  type ZendeskComment,
  type ZendeskGroup,
  type ZendeskSeed,
  ZendeskState,
  type ZendeskTicket,
  type ZendeskUser,
} from './zendesk/zendesk-state.ts';
