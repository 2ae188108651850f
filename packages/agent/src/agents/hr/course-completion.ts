import type { ClubLesson } from '@hotpilot/hotmart';

/**
 * How far a student is in a course, from their lessons.
 *
 * @example
 * import type { CourseCompletion } from './course-completion.ts';
 * const label = (c: CourseCompletion) => `${c.completed}/${c.required} (${c.percentage}%)`;
 */
export interface CourseCompletion {
  /** True when the share of required lessons done reaches the rule's percentage. */
  complete: boolean;
  /** Lessons that count: published lessons of regular (non-extra) modules. */
  required: number;
  completed: number;
  /** `completed / required` in whole percent, rounded down as Hotmart's `completed_percentage` is. */
  percentage: number;
  /**
   * When the rule was met: the completion date of the lesson that reached the percentage (the last one for 100 %).
   * Null when the course isn't complete, or when Hotmart gave no date for that lesson.
   */
  completedAt: number | null;
}

/**
 * Decides whether a student finished a course from `GET /club/api/v1/users/{id}/lessons` (reference §4.5). That
 * endpoint lists the published pages only; the pages of extra modules (`is_module_extra`, bonus content Hotmart
 * leaves out of `progress` too) don't count. The course is complete when at least `minPercentage` % of the
 * remaining lessons are done (100: every one). A course with no counted lesson is never complete.
 *
 * @example
 * import { courseCompletion } from './course-completion.ts';
 * courseCompletion(
 *   [
 *     { page_id: 'a', is_module_extra: false, is_completed: true, completed_date: 1_700_000_000_000 },
 *     { page_id: 'b', is_module_extra: true, is_completed: false },
 *   ],
 *   { minPercentage: 100 },
 * ); // { complete: true, required: 1, completed: 1, percentage: 100, completedAt: 1700000000000 }
 */
export function courseCompletion(
  lessons: readonly ClubLesson[],
  rule: { minPercentage: number },
): CourseCompletion {
  if (!Number.isFinite(rule.minPercentage) || rule.minPercentage <= 0 || rule.minPercentage > 100) {
    throw new RangeError('courseCompletion: minPercentage must be greater than 0 and at most 100');
  }
  // A page listed twice (a retried page of results, a quirk) counts once.
  const required = new Map<string, ClubLesson>();
  for (const lesson of lessons) {
    if (lesson.is_module_extra === true || typeof lesson.page_id !== 'string') continue;
    required.set(lesson.page_id, lesson);
  }
  const done = [...required.values()].filter((lesson) => lesson.is_completed === true);
  const total = required.size;
  const percentage = total === 0 ? 0 : Math.floor((done.length * 100) / total);
  const complete = total > 0 && percentage >= rule.minPercentage;
  let completedAt: number | null = null;
  if (complete) {
    // The lesson whose completion met the rule: the k-th in date order, k the fewest lessons that reach it.
    const needed = Math.ceil((total * rule.minPercentage) / 100);
    const dates = done.map((lesson) => lesson.completed_date);
    if (dates.every((date): date is number => typeof date === 'number' && Number.isFinite(date))) {
      completedAt = dates.sort((a, b) => a - b)[needed - 1] ?? null;
    }
  }
  return { complete, required: total, completed: done.length, percentage, completedAt };
}
