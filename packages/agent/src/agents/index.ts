// The agents: settings, definitions, the workflows of the sales, marketing, support and legal agents, and the
// figures the dashboard shows (time saved, recovered revenue). The composition root registers `agentWorkflows`
// with `createAgentContext` as the engine's context, and `legalCancelSubscription` in the connectors' registry.

export {
  LEGAL_CANCEL_AUDIT,
  legalCancelSubscription,
} from '../connectors/legal/cancel-subscription-action.ts';
export { LegalSettings, legalConnector } from '../connectors/legal/legal-connector.ts';
export {
  type AgentDefinition,
  type AgentOptions,
  agentOfWorkflow,
  DEFAULT_MINUTES_SAVED_PER_WEEK,
  defineAgent,
  type LocalizedText,
} from './agent.ts';
export {
  type AgentContext,
  createAgentContext,
  type ResolvedAgentContext,
  readAgentContext,
} from './agent-context.ts';
export { agentWorkflows } from './agent-workflows.ts';
export { agents } from './all-agents.ts';
export { buyerLocale } from './buyer-locale.ts';
export { callAction } from './call-action.ts';
export { type AbandonmentFacts, abandonmentFacts, type PurchaseFacts, purchaseFacts } from './event-facts.ts';
export { financeAgent } from './finance/index.ts';
export { apiHotmartConnection } from './hotmart-connection.ts';
export { hrAgent } from './hr/index.ts';
export { isoWeek, localDate } from './iso-week.ts';
export { chargebackWorkflow } from './legal/chargeback-workflow.ts';
export { legalAgent } from './legal/legal-agent.ts';
export {
  findOpenRefundRequests,
  type OpenRefundRequest,
  refundWatchWorkflow,
} from './legal/refund-watch-workflow.ts';
export {
  type AbandonmentState,
  abandonmentKey,
  cartRecoveryWorkflow,
} from './marketing/cart-recovery-workflow.ts';
export { checkoutUrl } from './marketing/checkout-url.ts';
export { marketingAgent } from './marketing/marketing-agent.ts';
export {
  CART_RECOVERED_ACTION,
  type RecoveredRevenue,
  type RecoveryRecord,
  recoveredRevenue,
} from './marketing/recovered-revenue.ts';
export { operationsAgent } from './operations/index.ts';
export {
  createHasPurchased,
  createSubscriptionStatus,
  PAID_EVENT_NAMES,
  type PurchaseLookup,
  receivedPurchase,
} from './purchase-lookup.ts';
export {
  cancellationWorkflow,
  type SubscriberStatusState,
  subscriberStatusKey,
  type WinBackData,
} from './retention/cancellation-workflow.ts';
export {
  type DunningData,
  dunningWorkflow,
  type LateChargeState,
  lateChargeKey,
} from './retention/dunning-workflow.ts';
export { type PlanChangeState, planChangeKey, planChangeWorkflow } from './retention/plan-change-workflow.ts';
export {
  CHARGE_RECOVERED_ACTION,
  type ChargeRecovery,
  type RecoveredMrr,
  recoveredMrr,
} from './retention/recovered-mrr.ts';
export { retentionAgent } from './retention/retention-agent.ts';
export {
  classifyFromEvent,
  classifyFromSubscriberPurchases,
  type PurchaseClass,
  type SubscriberPurchaseLike,
} from './sales/classify-purchase.ts';
export {
  type SalesPurchaseOutput,
  type SalesTransactionState,
  salesPurchaseWorkflow,
  salesTransactionKey,
} from './sales/purchase-workflow.ts';
export { salesAgent } from './sales/sales-agent.ts';
export {
  AGENT_IDS,
  AGENT_SETTINGS_KEY,
  type AgentId,
  type AgentSettings,
  AgentSettingsError,
  type AgentSettingsInput,
  AgentSettingsSchema,
  agentSettingsJsonSchema,
  changedPaths,
  defaultAgentSettings,
  getAgentSettings,
  loadAgentSettings,
  parseAgentSettings,
  readStoredAgentSettings,
  type SettingsProblem,
  saveAgentSettings,
} from './settings.ts';
export { settingsForRun } from './settings-for-run.ts';
export { isSkippedRun, type SkippedRun, skippedRun } from './skipped-run.ts';
export {
  refundWorkflow,
  type SupportTransactionState,
  supportTransactionKey,
} from './support/refund-workflow.ts';
export { type SaleDetails, saleDetails } from './support/sale-details.ts';
export { supportAgent } from './support/support-agent.ts';
export { refundTicketText } from './support/ticket-text.ts';
export { type TimeSavedReport, type TimeSavedRow, timeSaved } from './time-saved.ts';
