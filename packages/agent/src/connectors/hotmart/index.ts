import type { AnyAction } from '../kit.ts';
import { hotmartCancelSubscription } from './actions/cancel-subscription.ts';
import { hotmartCancelSubscriptions } from './actions/cancel-subscriptions.ts';
import { hotmartChangeDueDay } from './actions/change-due-day.ts';
import { hotmartCreateBillet } from './actions/create-billet.ts';
import { hotmartCreateCoupon } from './actions/create-coupon.ts';
import { hotmartCreateNegotiation } from './actions/create-negotiation.ts';
import { hotmartDeleteCoupon } from './actions/delete-coupon.ts';
import { hotmartGetAccountInfo } from './actions/get-account-info.ts';
import { hotmartGetEventInfo } from './actions/get-event-info.ts';
import { hotmartGetSaleCommissions } from './actions/get-sale-commissions.ts';
import { hotmartGetSalePriceDetails } from './actions/get-sale-price-details.ts';
import { hotmartGetSalesHistory } from './actions/get-sales-history.ts';
import { hotmartGetSalesSummary } from './actions/get-sales-summary.ts';
import { hotmartGetStudentLessons } from './actions/get-student-lessons.ts';
import { hotmartGetSubscriptionsSummary } from './actions/get-subscriptions-summary.ts';
import { hotmartGetUserMe } from './actions/get-user-me.ts';
import { hotmartListClubModules } from './actions/list-club-modules.ts';
import { hotmartListClubPages } from './actions/list-club-pages.ts';
import { hotmartListClubPagesV2 } from './actions/list-club-pages-v2.ts';
import { hotmartListClubStudents } from './actions/list-club-students.ts';
import { hotmartListCoupons } from './actions/list-coupons.ts';
import { hotmartListEventParticipants } from './actions/list-event-participants.ts';
import { hotmartListOffers } from './actions/list-offers.ts';
import { hotmartListPlans } from './actions/list-plans.ts';
import { hotmartListProducts } from './actions/list-products.ts';
import { hotmartListSaleParticipants } from './actions/list-sale-participants.ts';
import { hotmartListSubscriberPurchases } from './actions/list-subscriber-purchases.ts';
import { hotmartListSubscriptionTransactions } from './actions/list-subscription-transactions.ts';
import { hotmartListSubscriptions } from './actions/list-subscriptions.ts';
import { hotmartListSwitchPlanOptions } from './actions/list-switch-plan-options.ts';
import { hotmartReactivateSubscription } from './actions/reactivate-subscription.ts';
import { hotmartReactivateSubscriptions } from './actions/reactivate-subscriptions.ts';
import { hotmartRefundSale } from './actions/refund-sale.ts';
import { hotmartSwitchPlan } from './actions/switch-plan.ts';
import { hotmartUpdateProductConfiguration } from './actions/update-product-configuration.ts';

export { getHotmartClient, type HotmartClientDeps } from './hotmart-client.ts';
export { HotmartCredentials, HotmartSettings } from './hotmart-connection.ts';
export { hotmartConnector } from './hotmart-connector.ts';
export { toVendorError as hotmartErrorToVendorError } from './hotmart-errors.ts';
export {
  hotmartCancelSubscription,
  hotmartCancelSubscriptions,
  hotmartChangeDueDay,
  hotmartCreateBillet,
  hotmartCreateCoupon,
  hotmartCreateNegotiation,
  hotmartDeleteCoupon,
  hotmartGetAccountInfo,
  hotmartGetEventInfo,
  hotmartGetSaleCommissions,
  hotmartGetSalePriceDetails,
  hotmartGetSalesHistory,
  hotmartGetSalesSummary,
  hotmartGetStudentLessons,
  hotmartGetSubscriptionsSummary,
  hotmartGetUserMe,
  hotmartListClubModules,
  hotmartListClubPages,
  hotmartListClubPagesV2,
  hotmartListClubStudents,
  hotmartListCoupons,
  hotmartListEventParticipants,
  hotmartListOffers,
  hotmartListPlans,
  hotmartListProducts,
  hotmartListSaleParticipants,
  hotmartListSubscriberPurchases,
  hotmartListSubscriptions,
  hotmartListSubscriptionTransactions,
  hotmartListSwitchPlanOptions,
  hotmartReactivateSubscription,
  hotmartReactivateSubscriptions,
  hotmartRefundSale,
  hotmartSwitchPlan,
  hotmartUpdateProductConfiguration,
};

/**
 * Every action of the `hotmart` connector — one per operation of `@hotpilot/hotmart` — as an explicit list
 * (no globbing, STYLE convention 1). Reads first by area, then the writes of each area.
 *
 * @example
 * import { hotmartActions } from './index.ts';
 * const writes = hotmartActions.filter((action) => action.effect === 'write').map((action) => action.id);
 */
export const hotmartActions: readonly AnyAction[] = Object.freeze([
  hotmartGetSalesHistory,
  hotmartGetSalesSummary,
  hotmartListSaleParticipants,
  hotmartGetSaleCommissions,
  hotmartGetSalePriceDetails,
  hotmartRefundSale,
  hotmartCreateBillet,
  hotmartListSubscriptions,
  hotmartGetSubscriptionsSummary,
  hotmartListSubscriptionTransactions,
  hotmartListSubscriberPurchases,
  hotmartCancelSubscription,
  hotmartCancelSubscriptions,
  hotmartReactivateSubscription,
  hotmartReactivateSubscriptions,
  hotmartChangeDueDay,
  hotmartListSwitchPlanOptions,
  hotmartSwitchPlan,
  hotmartListProducts,
  hotmartListOffers,
  hotmartListPlans,
  hotmartUpdateProductConfiguration,
  hotmartCreateCoupon,
  hotmartListCoupons,
  hotmartDeleteCoupon,
  hotmartListClubStudents,
  hotmartListClubModules,
  hotmartListClubPages,
  hotmartListClubPagesV2,
  hotmartGetStudentLessons,
  hotmartGetEventInfo,
  hotmartListEventParticipants,
  hotmartCreateNegotiation,
  hotmartGetUserMe,
  hotmartGetAccountInfo,
]);
