// The operations agent: audits of the catalogue, subscribers and members areas against the previous audit.

export { type AuditReportOptions, auditRows, auditSummary } from './audit-report.ts';
export { AuditSnapshot, readSnapshot, snapshotKey } from './audit-snapshot.ts';
export { type AuditOutput, auditWorkflow } from './audit-workflow.ts';
export { operationsAgent } from './operations-agent.ts';
export { operationsMessages } from './operations-messages.ts';
export {
  OperationsExtraSettings,
  type OperationsSettings,
  operationsSettingsOf,
} from './operations-settings.ts';
export { readCatalogue } from './read-catalogue.ts';
export { readMembersAreas } from './read-members-areas.ts';
export { readSubscribers } from './read-subscribers.ts';
export { DISCREPANCY_KINDS, type Discrepancy, type DiscrepancyKind, diffSnapshots } from './snapshot-diff.ts';
