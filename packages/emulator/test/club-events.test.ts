import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClubStudent, Product } from '../src/index.ts';
import { fixture, fixtureItems, shapeProblems, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('members area, event tickets and account endpoints', () => {
  let emulator: TestEmulator;
  let club: Product;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 51, sales: 4_000 });
    club = emulator.hotmart.account.clubProducts()[0] as Product;
  });
  afterAll(() => emulator.close());

  const account = () => emulator.hotmart.account;
  const subdomain = () => club.club_subdomain as string;

  it('lists students in the fixture’s shape with progress, filtered by e-mail', async () => {
    const users = await emulator.json(`/club/api/v1/users?subdomain=${subdomain()}&max_results=500`);
    expect(users.status).toBe(200);
    expect(users.body.page_info.total_results).toBe(account().students(club.id).length);
    for (const item of users.body.items) {
      expect(
        shapeProblems(item, fixtureItems('club-users'), {
          optional: ['$.last_access_date', '$.first_access_date'],
        }),
      ).toEqual([]);
      expect(item.progress.completed).toBeLessThanOrEqual(item.progress.total);
    }
    expect(
      users.body.items.some(
        (item: { progress: { completed_percentage: number } }) => item.progress.completed_percentage === 100,
      ),
    ).toBe(true);
    const student = account().students(club.id)[5] as ClubStudent;
    const byEmail = await emulator.json(
      `/club/api/v1/users?subdomain=${subdomain()}&email=${encodeURIComponent(student.email)}`,
    );
    expect(byEmail.body.items.map((item: { user_id: string }) => item.user_id)).toContain(student.user_id);
  });

  it('requires a known subdomain', async () => {
    const missing = await emulator.json('/club/api/v1/users');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_parameter');
    expect(missing.body.error_description).toContain('subdomain');
    const unknown = await emulator.json('/club/api/v1/modules?subdomain=no-such-club');
    expect(unknown.status).toBe(404);
  });

  it('lists modules and pages (v1 and v2) as bare arrays', async () => {
    const modules = await emulator.json(`/club/api/v1/modules?subdomain=${subdomain()}`);
    expect(Array.isArray(modules.body)).toBe(true);
    for (const item of modules.body)
      expect(shapeProblems(item, fixture('club-modules') as unknown[])).toEqual([]);
    const regular = await emulator.json(`/club/api/v1/modules?subdomain=${subdomain()}&is_extra=false`);
    expect(regular.body.every((item: { is_extra: boolean }) => !item.is_extra)).toBe(true);
    const moduleId = modules.body[0].module_id as string;
    const pages = await emulator.json(`/club/api/v1/modules/${moduleId}/pages?subdomain=${subdomain()}`);
    expect(pages.body.length).toBe(modules.body[0].total_pages);
    for (const item of pages.body) {
      expect(
        shapeProblems(item, fixture('club-module-pages') as unknown[], {
          extras: ['$.page_id', '$.is_published', '$.rates_average'],
        }),
      ).toEqual([]);
    }
    const v2 = await emulator.json(`/club/api/v2/modules/${moduleId}/pages?product_id=${club.id}`);
    expect(v2.body.length).toBe(pages.body.length);
    expect(Object.keys(v2.body[0])).toEqual(expect.arrayContaining(['published', 'dripping_configs']));
    expect(v2.body[0].is_published).toBeUndefined();
    const v2Missing = await emulator.json(`/club/api/v2/modules/${moduleId}/pages`);
    expect(v2Missing.status).toBe(400);
    const wrongModule = await emulator.json(`/club/api/v1/modules/nope/pages?subdomain=${subdomain()}`);
    expect(wrongModule.status).toBe(404);
  });

  it('returns a student’s lessons with completion dates', async () => {
    const student = account()
      .students(club.id)
      .find((candidate) => candidate.completed.size > 0) as ClubStudent;
    const lessons = await emulator.json(
      `/club/api/v1/users/${student.user_id}/lessons?subdomain=${subdomain()}`,
    );
    expect(lessons.status).toBe(200);
    for (const item of lessons.body.lessons) {
      expect(shapeProblems(item, (fixture('club-user-lessons') as { lessons: unknown[] }).lessons)).toEqual(
        [],
      );
    }
    const completed = lessons.body.lessons.filter((item: { is_completed: boolean }) => item.is_completed);
    expect(completed.length).toBe(student.completed.size);
    const unknown = await emulator.json(`/club/api/v1/users/nobody/lessons?subdomain=${subdomain()}`);
    expect(unknown.status).toBe(404);
  });

  it('serves event info and participants with filters', async () => {
    const event = account()
      .products()
      .find((product) => product.is_event) as Product;
    const info = await emulator.json(`/events/api/v1/${event.id}/info`);
    expect(info.status).toBe(200);
    expect(Object.keys(info.body)).toEqual(['product', 'lots', 'start_event_date', 'end_event_date']);
    expect(info.body.product.id).toBe(event.id);
    const participants = await emulator.json(`/events/api/v1/${event.id}/participants?max_results=500`);
    expect(participants.body.page_info.total_results).toBe(account().tickets(event.id).length);
    const item = participants.body.items[0];
    expect(Object.keys(item)).toEqual(['eticket', 'buyer', 'lot', 'product', 'participant']);
    expect(Object.keys(item.eticket).sort()).toEqual(
      [
        'category',
        'checkin_status',
        'checkin_url',
        'current_update',
        'id',
        'is_blocked',
        'ticket_qr_code',
        'ticket_status',
        'ticket_type',
      ].sort(),
    );
    const sold = await emulator.json(
      `/events/api/v1/${event.id}/participants?ticket_status=SOLD&max_results=500`,
    );
    for (const ticket of sold.body.items) expect(ticket.eticket.ticket_status).toBe('SOLD');
    const lot = info.body.lots[0].id;
    const byLot = await emulator.json(
      `/events/api/v1/${event.id}/participants?id_lot=${lot}&max_results=500`,
    );
    for (const ticket of byLot.body.items) expect(ticket.lot.id).toBe(lot);
    const badType = await emulator.json(`/events/api/v1/${event.id}/participants?ticket_type=VIP`);
    expect(badType.status).toBe(400);
    const unknown = await emulator.json('/events/api/v1/1/info');
    expect(unknown.status).toBe(404);
    const course = account().products()[0] as Product;
    expect((await emulator.json(`/events/api/v1/${course.id}/participants`)).status).toBe(404);
  });

  it('answers /user/api/v1/me and the accounts info query', async () => {
    const me = await emulator.json('/user/api/v1/me');
    expect(me.status).toBe(200);
    expect(Object.keys(me.body)).toEqual([
      'id',
      'name',
      'email',
      'login',
      'ucode',
      'address',
      'entity_type',
      'locale',
      'time_zone',
      'currency_code_commission',
    ]);
    expect(me.body.ucode).toBe(account().producer.ucode);
    const info = await emulator.json('/accounts/api/v1/info', {
      method: 'POST',
      body: JSON.stringify({
        query: `{ accountByFilterToExternalApplication(accountInput: { ucode: "${account().producer.ucode}" }) { name } }`,
      }),
    });
    expect(info.body.data.accountByFilterToExternalApplication.name).toBe(account().producer.name);
    const missing = await emulator.json('/accounts/api/v1/info', {
      method: 'POST',
      body: JSON.stringify({
        query: '{ accountByFilterToExternalApplication(accountInput: { ucode: "nope" }) { name } }',
      }),
    });
    expect(missing.body.data.accountByFilterToExternalApplication).toBeNull();
    const invalid = await emulator.json('/accounts/api/v1/info', {
      method: 'POST',
      body: JSON.stringify({}),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error_description).toContain('query');
  });
});
