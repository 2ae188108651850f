import type { AnyAction } from '../kit.ts';
import { reportAffiliatesAction } from './actions/affiliates.ts';
import { reportArpuLtvAction } from './actions/arpu-ltv.ts';
import { reportChurnAction } from './actions/churn.ts';
import { reportMrrAction } from './actions/mrr.ts';
import { reportMrrMovementAction } from './actions/mrr-movement.ts';
import { reportSalesAction } from './actions/sales.ts';
import { reportSubscribersByPlanAction } from './actions/subscribers-by-plan.ts';

export { reportAffiliatesAction } from './actions/affiliates.ts';
export { reportArpuLtvAction } from './actions/arpu-ltv.ts';
export { reportChurnAction } from './actions/churn.ts';
export { reportMrrAction } from './actions/mrr.ts';
export { reportMrrMovementAction } from './actions/mrr-movement.ts';
export { reportSalesAction } from './actions/sales.ts';
export { reportSubscribersByPlanAction } from './actions/subscribers-by-plan.ts';
export { type Amount, defineReportAction, type Rate } from './report-action.ts';
export { ReportSettings, reportConnector } from './report-connector.ts';

/**
 * Every action of the report connector, for the registry (explicit list, no globbing).
 *
 * @example
 * import { reportActions } from './index.ts';
 * reportActions.map((action) => action.id); // ['report_mrr', 'report_mrr_movement', …]
 */
export const reportActions: readonly AnyAction[] = Object.freeze([
  reportMrrAction,
  reportMrrMovementAction,
  reportSubscribersByPlanAction,
  reportChurnAction,
  reportArpuLtvAction,
  reportSalesAction,
  reportAffiliatesAction,
]);
