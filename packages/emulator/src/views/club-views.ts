import type { EmulatorAccount } from '../account.ts';
import type { ClubModule, ClubPage, ClubStudent } from '../model.ts';

/**
 * Renders the members area as `/club/api/v1` and `/v2` return it (reference §4.5; fixtures `api/club-*.json`).
 */

/**
 * Published pages of the regular (non-extra) modules: what a student's progress counts.
 *
 * @example
 * const total = progressPages(account, productId).length;
 */
export function progressPages(account: EmulatorAccount, productId: number): string[] {
  const ids: string[] = [];
  for (const module of account.modules(productId)) {
    if (module.is_extra) continue;
    for (const page of account.pages(module.module_id)) if (page.is_published) ids.push(page.page_id);
  }
  return ids;
}

/**
 * A students item (`GET /club/api/v1/users`).
 *
 * @example
 * const item = studentItem(student, progressPages(account, student.product_id));
 */
export function studentItem(student: ClubStudent, pages: readonly string[]) {
  let completed = 0;
  for (const page of pages) if (student.completed.has(page)) completed++;
  return {
    user_id: student.user_id,
    engagement: student.engagement,
    name: student.name,
    email: student.email,
    ...(student.last_access_date !== undefined && { last_access_date: student.last_access_date }),
    role: student.role,
    ...(student.first_access_date !== undefined && { first_access_date: student.first_access_date }),
    locale: student.locale,
    plus_access: student.plus_access,
    progress: {
      completed_percentage: pages.length === 0 ? 0 : Math.floor((completed / pages.length) * 100),
      total: pages.length,
      completed,
    },
    status: student.status,
    ...(student.purchase_date !== undefined && { purchase_date: student.purchase_date }),
    access_count: student.access_count,
    is_deletable: student.role !== 'OWNER',
    class_id: student.class_id,
    type: student.type,
  };
}

/**
 * A modules item (`GET /club/api/v1/modules`, a bare array).
 *
 * @example
 * const item = moduleItem(module, account.pages(module.module_id).length);
 */
export function moduleItem(module: ClubModule, totalPages: number) {
  return {
    module_id: module.module_id,
    name: module.name,
    sequence: module.sequence,
    is_extra: module.is_extra,
    is_extra_paid: module.is_extra_paid,
    is_public: module.is_public,
    classes: [...module.classes],
    total_pages: totalPages,
  };
}

function ratesAverage(page: ClubPage): number {
  let votes = 0;
  let sum = 0;
  for (const { rate, total } of page.rates) {
    votes += total;
    sum += rate * total;
  }
  return votes === 0 ? 0 : Math.round((sum / votes) * 100) / 100;
}

/**
 * A pages item of `GET /club/api/v1/modules/{id}/pages` (a bare array). Optional keys appear only when set, as
 * in the sample.
 *
 * @example
 * const items = account.pages(moduleId).map(pageItemV1);
 */
export function pageItemV1(page: ClubPage) {
  return {
    page_id: page.page_id,
    name: page.name,
    page_order: page.page_order,
    type: page.type,
    is_published: page.is_published,
    total_comments: page.total_comments,
    ...(page.rates.length > 0 && {
      rates_average: ratesAverage(page),
      rates: page.rates.map((rate) => ({ ...rate })),
    }),
    has_media: page.has_media,
    ...(page.liberation_type !== undefined && { liberation_type: page.liberation_type }),
    ...(page.liberation_date !== undefined && { liberation_date: page.liberation_date }),
    ...(page.liberation_days !== undefined && { liberation_days: page.liberation_days }),
    has_duration: page.has_duration,
    ...(page.days_of_duration !== undefined && { days_of_duration: page.days_of_duration }),
  };
}

/**
 * A pages item of `GET /club/api/v2/modules/{id}/pages`: real v2 items say `published` and list dripping rules
 * in `dripping_configs` (reference §4.5).
 *
 * @example
 * const items = account.pages(moduleId).map(pageItemV2);
 */
export function pageItemV2(page: ClubPage) {
  const dripping: { type: string; days?: number; date?: number }[] = [];
  if (page.liberation_type === 'BY_DAYS')
    dripping.push({ type: 'BY_DAYS', days: page.liberation_days as number });
  if (page.liberation_type === 'BY_DATE')
    dripping.push({ type: 'BY_DATE', date: page.liberation_date as number });
  return {
    page_id: page.page_id,
    name: page.name,
    page_order: page.page_order,
    type: page.type,
    published: page.is_published,
    total_comments: page.total_comments,
    rates_average: ratesAverage(page),
    has_media: page.has_media,
    has_duration: page.has_duration,
    ...(page.days_of_duration !== undefined && { days_of_duration: page.days_of_duration }),
    dripping_configs: dripping,
  };
}

/**
 * A student's lessons (`GET /club/api/v1/users/{id}/lessons`): every published page with its completion.
 *
 * @example
 * const body = lessonsBody(account, student);
 */
export function lessonsBody(account: EmulatorAccount, student: ClubStudent) {
  const lessons = [];
  for (const module of account.modules(student.product_id)) {
    for (const page of account.pages(module.module_id)) {
      if (!page.is_published) continue;
      const completedDate = student.completed.get(page.page_id);
      lessons.push({
        page_id: page.page_id,
        page_name: page.name,
        module_name: module.name,
        is_module_extra: module.is_extra,
        is_completed: completedDate !== undefined,
        ...(completedDate !== undefined && { completed_date: completedDate }),
      });
    }
  }
  return { lessons };
}
