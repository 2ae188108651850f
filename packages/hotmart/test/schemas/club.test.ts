import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ClubModule,
  ClubModulesParams,
  ClubPage,
  ClubPagesParams,
  ClubPagesV2Params,
  ClubPageV2,
  ClubUserItem,
  ClubUserLessonsParams,
  ClubUserLessonsResponse,
  ClubUsersParams,
  page,
} from '../../src/schemas/index.ts';
import { loadFixture } from './load-fixture.ts';

describe('club params', () => {
  it('requires subdomain on every v1 call', () => {
    expect(ClubUsersParams.safeParse({}).error?.issues[0]?.path).toEqual(['subdomain']);
    expect(ClubModulesParams.safeParse({ is_extra: true }).success).toBe(false);
    expect(ClubPagesParams.safeParse({ subdomain: '' }).success).toBe(false);
    expect(ClubUserLessonsParams.parse({ subdomain: 'my-club' })).toEqual({ subdomain: 'my-club' });
  });

  it('passes the optional filters through', () => {
    expect(ClubUsersParams.parse({ subdomain: 'my-club', email: 'a@b.c', max_results: 10 })).toEqual({
      subdomain: 'my-club',
      email: 'a@b.c',
      max_results: 10,
    });
    expect(ClubModulesParams.parse({ subdomain: 'my-club', is_extra: false })).toEqual({
      subdomain: 'my-club',
      is_extra: false,
    });
  });

  it('uses product_id instead of subdomain for v2 pages', () => {
    expect(ClubPagesV2Params.parse({ product_id: 1355458 })).toEqual({ product_id: 1355458 });
    const result = ClubPagesV2Params.safeParse({ product_id: 1355458, subdomain: 'my-club' });
    const issue = result.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['subdomain']);
  });
});

describe('club responses', () => {
  it('reads the students sample', () => {
    const body = page(ClubUserItem).parse(loadFixture('club-users.json'));
    expect(body.items.map((u) => u.engagement)).toEqual(['NONE', 'LOW', 'MEDIUM']);
    expect(body.items[0]?.purchase_date).toBeUndefined();
    expect(body.items[1]?.purchase_date).toBe(1616501263);
    expect(body.items[0]?.progress).toEqual({ completed_percentage: 45, total: 11, completed: 5 });
  });

  it('reads the modules and pages bare arrays', () => {
    const modules = z.array(ClubModule).parse(loadFixture('club-modules.json'));
    expect(modules).toHaveLength(5);
    expect(modules[4]?.name).toBe('Hotmart Club - Module Dripping');
    const pages = z.array(ClubPage).parse(loadFixture('club-module-pages.json'));
    expect(pages.map((p) => p.liberation_type)).toEqual(['BY_DAYS', 'BY_DATE', undefined]);
    expect(pages[1]?.rates).toEqual([
      { rate: 3, total: 1 },
      { rate: 5, total: 1 },
    ]);
  });

  it('reads v2 pages with published and dripping_configs', () => {
    const pages = z
      .array(ClubPageV2)
      .parse([{ page_id: 'PAGE001', published: true, rates_average: 4.2, dripping_configs: [{ days: 7 }] }]);
    expect(pages[0]?.published).toBe(true);
    expect(pages[0]?.dripping_configs).toEqual([{ days: 7 }]);
    expect(ClubPageV2.safeParse({ dripping_configs: {} }).success).toBe(false);
  });

  it('reads the progress sample', () => {
    const progress = ClubUserLessonsResponse.parse(loadFixture('club-user-lessons.json'));
    expect(progress.lessons).toHaveLength(10);
    expect(progress.lessons.filter((l) => l.is_completed)).toHaveLength(6);
    expect(progress.lessons[6]?.completed_date).toBeUndefined();
    expect(ClubUserLessonsResponse.safeParse({ items: [] }).success).toBe(false);
  });
});
