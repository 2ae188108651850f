import type { Dialect, Migration } from './migration.ts';

/**
 * Version 4: the local mirror of each Hotmart connection — products, offers, plans, coupons, sales with their
 * participants and commissions, subscriptions and their purchases, members-area modules, pages, students and
 * progress — plus the MRR movements the reports read. Filled by the sync from the API and kept current by webhooks
 * (packages/agent/src/mirror); read by the reports. Every table is keyed by connection first: a seller may connect
 * several Hotmart accounts. Money is a floating amount with its ISO currency; `raw` keeps the API/webhook object.
 *
 * `state_at` (sales, subscriptions, subscription purchases) is the moment the stored state describes — a webhook's
 * creation date, or when the API was read — so an out-of-order delivery never overwrites a newer state.
 */
const types = {
  sqlite: { ms: 'INTEGER', json: 'TEXT', bool: 'INTEGER', money: 'REAL' },
  postgres: { ms: 'BIGINT', json: 'JSONB', bool: 'BOOLEAN', money: 'DOUBLE PRECISION' },
} as const;

function statements(dialect: Dialect): string[] {
  const t = types[dialect];
  return [
    `CREATE TABLE mirror_products (
       connection_id TEXT NOT NULL,
       product_id TEXT NOT NULL,
       ucode TEXT,
       name TEXT NOT NULL,
       status TEXT,
       format TEXT,
       is_subscription ${t.bool} NOT NULL,
       warranty_period INTEGER,
       created_at ${t.ms},
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, product_id)
     )`,
    `CREATE TABLE mirror_offers (
       connection_id TEXT NOT NULL,
       offer_code TEXT NOT NULL,
       product_id TEXT NOT NULL,
       name TEXT,
       price ${t.money},
       currency TEXT,
       payment_mode TEXT,
       is_main_offer ${t.bool} NOT NULL,
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, offer_code)
     )`,
    `CREATE TABLE mirror_plans (
       connection_id TEXT NOT NULL,
       plan_code TEXT NOT NULL,
       product_id TEXT NOT NULL,
       plan_id TEXT,
       name TEXT,
       price ${t.money},
       currency TEXT,
       periodicity TEXT,
       recurrency_period INTEGER,
       trial_period INTEGER,
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, plan_code)
     )`,
    `CREATE TABLE mirror_coupons (
       connection_id TEXT NOT NULL,
       coupon_id TEXT NOT NULL,
       product_id TEXT NOT NULL,
       code TEXT NOT NULL,
       discount ${t.money},
       status TEXT,
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, coupon_id)
     )`,
    // One row per transaction; REST status vocabulary (reference §5.1). `source` says what wrote it last.
    `CREATE TABLE mirror_sales (
       connection_id TEXT NOT NULL,
       transaction_code TEXT NOT NULL,
       product_id TEXT,
       product_name TEXT,
       offer_code TEXT,
       buyer_email TEXT,
       buyer_name TEXT,
       status TEXT NOT NULL,
       payment_type TEXT,
       installments INTEGER,
       price ${t.money},
       currency TEXT,
       order_date ${t.ms},
       approved_date ${t.ms},
       is_subscription ${t.bool} NOT NULL,
       subscriber_code TEXT,
       recurrency_number INTEGER,
       affiliate_code TEXT,
       coupon_code TEXT,
       tracking_source TEXT,
       warranty_expire_date ${t.ms},
       source TEXT NOT NULL CHECK (source IN ('api', 'webhook')),
       raw ${t.json} NOT NULL,
       state_at ${t.ms} NOT NULL,
       updated_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, transaction_code)
     )`,
    `CREATE INDEX mirror_sales_order_date ON mirror_sales (connection_id, order_date)`,
    `CREATE INDEX mirror_sales_approved_date ON mirror_sales (connection_id, approved_date)`,
    `CREATE INDEX mirror_sales_buyer ON mirror_sales (connection_id, buyer_email, product_id)`,
    `CREATE INDEX mirror_sales_subscriber ON mirror_sales (connection_id, subscriber_code)`,
    `CREATE TABLE mirror_sale_participants (
       connection_id TEXT NOT NULL,
       transaction_code TEXT NOT NULL,
       role TEXT NOT NULL,
       ucode TEXT NOT NULL,
       name TEXT,
       email TEXT,
       PRIMARY KEY (connection_id, transaction_code, role, ucode)
     )`,
    `CREATE TABLE mirror_commissions (
       connection_id TEXT NOT NULL,
       transaction_code TEXT NOT NULL,
       source TEXT NOT NULL,
       user_ucode TEXT NOT NULL,
       user_name TEXT,
       value ${t.money} NOT NULL,
       currency TEXT,
       PRIMARY KEY (connection_id, transaction_code, source, user_ucode)
     )`,
    `CREATE TABLE mirror_subscriptions (
       connection_id TEXT NOT NULL,
       subscriber_code TEXT NOT NULL,
       subscription_id TEXT,
       product_id TEXT,
       plan_id TEXT,
       plan_code TEXT,
       plan_name TEXT,
       status TEXT NOT NULL,
       subscriber_email TEXT,
       subscriber_name TEXT,
       price ${t.money},
       currency TEXT,
       recurrency_period INTEGER,
       accession_date ${t.ms},
       end_accession_date ${t.ms},
       date_next_charge ${t.ms},
       cancellation_date ${t.ms},
       trial ${t.bool} NOT NULL,
       transaction_code TEXT,
       raw ${t.json} NOT NULL,
       state_at ${t.ms} NOT NULL,
       updated_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, subscriber_code)
     )`,
    `CREATE INDEX mirror_subscriptions_status ON mirror_subscriptions (connection_id, status, plan_id)`,
    `CREATE TABLE mirror_subscription_purchases (
       connection_id TEXT NOT NULL,
       transaction_code TEXT NOT NULL,
       subscriber_code TEXT NOT NULL,
       status TEXT,
       approved_date ${t.ms},
       price ${t.money},
       currency TEXT,
       payment_type TEXT,
       recurrency_number INTEGER,
       raw ${t.json} NOT NULL,
       state_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, transaction_code)
     )`,
    `CREATE INDEX mirror_subscription_purchases_subscriber
       ON mirror_subscription_purchases (connection_id, subscriber_code)`,
    // MRR changes as they happen (start, plan switch, cancellation, reactivation), each with the monthly amount
    // before and after in the subscription's currency, so new/expansion/contraction/churned MRR between two dates
    // is a sum over this table.
    `CREATE TABLE mirror_mrr_movements (
       connection_id TEXT NOT NULL,
       subscriber_code TEXT NOT NULL,
       at ${t.ms} NOT NULL,
       kind TEXT NOT NULL CHECK (kind IN ('new', 'expansion', 'contraction', 'churn', 'reactivation')),
       mrr_before ${t.money} NOT NULL,
       mrr_after ${t.money} NOT NULL,
       currency TEXT NOT NULL,
       cause TEXT NOT NULL,
       PRIMARY KEY (connection_id, subscriber_code, at, kind)
     )`,
    `CREATE INDEX mirror_mrr_movements_at ON mirror_mrr_movements (connection_id, at)`,
    // The members areas the sync reads: Hotmart has no endpoint listing them, and club webhooks name the product,
    // not the subdomain (reference §4.5, §6.6), so the seller's configuration maps one to the other here.
    `CREATE TABLE mirror_clubs (
       connection_id TEXT NOT NULL,
       subdomain TEXT NOT NULL,
       product_id TEXT,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, subdomain)
     )`,
    `CREATE TABLE mirror_club_modules (
       connection_id TEXT NOT NULL,
       subdomain TEXT NOT NULL,
       module_id TEXT NOT NULL,
       name TEXT,
       sequence INTEGER,
       is_extra ${t.bool} NOT NULL,
       is_public ${t.bool} NOT NULL,
       total_pages INTEGER,
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, subdomain, module_id)
     )`,
    `CREATE TABLE mirror_club_pages (
       connection_id TEXT NOT NULL,
       subdomain TEXT NOT NULL,
       module_id TEXT NOT NULL,
       page_key TEXT NOT NULL,
       name TEXT,
       page_order INTEGER,
       type TEXT,
       is_published ${t.bool} NOT NULL,
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, subdomain, module_id, page_key)
     )`,
    `CREATE TABLE mirror_club_students (
       connection_id TEXT NOT NULL,
       subdomain TEXT NOT NULL,
       user_id TEXT NOT NULL,
       email TEXT,
       name TEXT,
       role TEXT,
       status TEXT,
       completed_percentage INTEGER,
       pages_completed INTEGER,
       pages_total INTEGER,
       first_access_date ${t.ms},
       last_access_date ${t.ms},
       raw ${t.json} NOT NULL,
       synced_at ${t.ms} NOT NULL,
       PRIMARY KEY (connection_id, subdomain, user_id)
     )`,
    `CREATE INDEX mirror_club_students_email ON mirror_club_students (connection_id, email)`,
    `CREATE TABLE mirror_club_progress (
       connection_id TEXT NOT NULL,
       subdomain TEXT NOT NULL,
       user_id TEXT NOT NULL,
       page_id TEXT NOT NULL,
       module_name TEXT,
       page_name TEXT,
       is_completed ${t.bool} NOT NULL,
       completed_date ${t.ms},
       PRIMARY KEY (connection_id, subdomain, user_id, page_id)
     )`,
  ];
}

/**
 * Version 4: the mirror tables.
 *
 * @example
 * import { mirrorTables } from './v004-mirror.ts';
 * console.log(mirrorTables.name); // 'mirror'
 */
export const mirrorTables: Migration = {
  version: 4,
  name: 'mirror',
  statements: { sqlite: statements('sqlite'), postgres: statements('postgres') },
};
