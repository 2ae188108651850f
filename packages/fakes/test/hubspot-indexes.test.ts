import { type CrmRecord, HubspotState } from '@hotpilot/fakes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesFilterGroups, parseFilterGroups } from '../src/hubspot/crm-search.ts';

// The state answers searches, upserts and associations from indexes; these tests hold it to what a scan of every
// record would answer.

const clock = () => new Date('2026-06-01T12:00:00.000Z');
const dealKey = {
  name: 'hotmart_transaction',
  label: 'Transaction',
  type: 'string' as const,
  fieldType: 'text',
  groupName: 'dealinformation',
  hasUniqueValue: true,
};
const newState = () => new HubspotState({ customProperties: { deals: [dealKey] } }, clock);
const ids = (records: readonly CrmRecord[]) => records.map((record) => record.id);

/** What a search must find: every live record of the type that the filter groups match, oldest first. */
function scan(state: HubspotState, groups: unknown): string[] {
  const definitions = state.definitions('contacts');
  const parsed = parseFilterGroups(groups, definitions);
  return ids(state.records('contacts').filter((r) => matchesFilterGroups(r.properties, parsed, definitions)));
}

describe('HubSpot fake: indexed search', () => {
  it('finds contacts by an IN on e-mail from the index: any case, repeats, unknown values, archived left out', () => {
    const state = newState();
    const [ana, bia, caio] = ['ana@example.com', 'Bia@Example.com', 'caio@example.com'].map(
      (email) => state.create('contacts', { email }).id,
    );
    state.create('contacts', { firstname: 'No e-mail' });
    state.archive('contacts', caio as string);
    const found = state.search('contacts', {
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'email',
              operator: 'IN',
              values: ['bia@example.com', 'ANA@example.com', 'ana@example.com', 'caio@example.com', 'x@y.z'],
            },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      limit: 200,
    });
    expect([found.total, ids(found.results)]).toEqual([2, [ana, bia]]);
  });

  it('answers every filter shape as a scan of all records would', () => {
    const emails = ['ana@example.com', 'BIA@example.com', 'caio@example.com', 'dani@example.com'];
    const names = ['Ana', 'ana', 'Bia', ''];
    const value = fc.constantFrom(...emails, ...names, 'ANA@EXAMPLE.COM', 'customer', 'lead', '');
    const filter = fc.oneof(
      fc.record({
        propertyName: fc.constantFrom('email', 'firstname', 'lifecyclestage'),
        operator: fc.constantFrom('EQ', 'NEQ', 'CONTAINS_TOKEN'),
        value,
      }),
      fc.record({
        propertyName: fc.constantFrom('email', 'firstname', 'lifecyclestage'),
        operator: fc.constantFrom('IN', 'NOT_IN'),
        values: fc.array(value, { minLength: 1, maxLength: 4 }),
      }),
      fc.record({
        propertyName: fc.constantFrom('email', 'firstname'),
        operator: fc.constantFrom('HAS_PROPERTY', 'NOT_HAS_PROPERTY'),
      }),
    );
    const contact = fc.record({
      email: fc.option(fc.constantFrom(...emails), { nil: undefined }),
      firstname: fc.constantFrom(...names),
      lifecyclestage: fc.constantFrom('customer', 'lead'),
      archived: fc.boolean(),
      renameTo: fc.option(fc.constantFrom(...names), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(contact, { maxLength: 12 }),
        fc.array(fc.array(filter, { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
        (contacts, groupFilters) => {
          const state = newState();
          const groups = groupFilters.map((filters) => ({ filters }));
          // Search once before writing, so the indexes exist and every later write has to keep them right.
          state.search('contacts', { filterGroups: groups });
          for (const input of contacts) {
            const { archived, renameTo, ...properties } = input;
            const email = properties.email;
            if (email && state.findByProperty('contacts', 'email', email)) continue;
            const record = state.create(
              'contacts',
              Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined)),
            );
            if (renameTo !== undefined) state.update('contacts', record.id, { firstname: renameTo });
            if (archived) state.archive('contacts', record.id);
          }
          const found = state.search('contacts', { filterGroups: groups, limit: 200 });
          expect(ids(found.results)).toEqual(scan(state, groups));
          expect(found.total).toBe(found.results.length);
        },
      ),
      { numRuns: 300, seed: 20260601 },
    );
  });
});

describe('HubSpot fake: upserts and associations', () => {
  it('names each repeated id of a batch once, in the order the repeats come', () => {
    const state = newState();
    const input = (id: string) => ({ id, idProperty: 'email', properties: {} });
    expect(() =>
      state.upsert('contacts', [
        input('b@example.com'),
        input('a@example.com'),
        input('A@example.com'),
        input('B@example.com'),
        input('a@example.com'),
      ]),
    ).toThrow('Duplicate IDs found in batch input: [a@example.com, b@example.com]. IDs must be unique');
    expect(state.records('contacts')).toEqual([]);
  });

  it('updates one record named twice in a batch (by id and by e-mail) in order', () => {
    const state = newState();
    const ana = state.create('contacts', { email: 'ana@example.com', firstname: 'Ana' });
    // A lookup by first name builds that index now: the writes below must move the record's entry in it.
    expect(state.findByProperty('contacts', 'firstname', 'ana')?.id).toBe(ana.id);
    const results = state.upsert('contacts', [
      { id: ana.id, properties: { firstname: 'First' } },
      { id: 'ana@example.com', idProperty: 'email', properties: { firstname: 'Second', lastname: 'Lima' } },
      { id: 'bia@example.com', idProperty: 'email', properties: { firstname: 'Bia' } },
    ]);
    expect(results.map((r) => [r.record.id, r.created])).toEqual([
      [ana.id, false],
      [ana.id, false],
      [String(Number(ana.id) + 1), true],
    ]);
    expect(state.get('contacts', ana.id)?.properties).toMatchObject({
      firstname: 'Second',
      lastname: 'Lima',
    });
    expect(state.findByProperty('contacts', 'firstname', 'second')?.id).toBe(ana.id);
    expect(state.findByProperty('contacts', 'firstname', 'first')).toBeUndefined();
    expect(state.findByProperty('contacts', 'firstname', 'ana')).toBeUndefined();
  });

  it('links each pair once and reads a record’s links in the order they were made', () => {
    const state = newState();
    const ana = state.create('contacts', { email: 'ana@example.com' });
    const bia = state.create('contacts', { email: 'bia@example.com' });
    const toAna = {
      to: { id: ana.id },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }],
    };
    const deals = Array.from({ length: 50 }, (_, i) =>
      state.create('deals', { dealname: `D${i}`, dealstage: 'closedwon', hotmart_transaction: `HP${i}` }, [
        toAna,
      ]),
    );
    state.associate('deals', deals[0]?.id as string, 'contacts', ana.id);
    state.associate('deals', deals[1]?.id as string, 'contacts', bia.id);
    state.archive('deals', deals[2]?.id as string);
    const fromAna = state.associationsOf('contacts', ana.id, 'deals');
    expect(fromAna.map((link) => link.toId)).toEqual(ids(deals).filter((_, i) => i !== 2));
    expect(fromAna[0]?.typeIds).toEqual([4]);
    expect(state.associationsOf('contacts', bia.id, 'deals')).toEqual([{ toId: deals[1]?.id, typeIds: [4] }]);
    expect(state.associations()).toHaveLength(2 * 51);
    state.reset();
    expect([state.associations(), state.records('deals')]).toEqual([[], []]);
    const again = state.create('contacts', { email: 'ana@example.com' });
    expect(state.associationsOf('contacts', again.id, 'deals')).toEqual([]);
  });
});
