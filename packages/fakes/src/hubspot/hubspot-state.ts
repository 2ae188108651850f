import type { Clock } from '../internal/fake-host.ts';
import {
  ASSOCIATION_TYPES,
  type AssociationType,
  BUILT_IN_PROPERTIES,
  type CrmObjectType,
  DEFAULT_PIPELINES,
  DEFAULT_READ_PROPERTIES,
  OBJECT_TYPE_IDS,
  type Pipeline,
  type PropertyDefinition,
  SYSTEM_TIMESTAMPS,
  singularOf,
} from './crm-schema.ts';
import {
  compare,
  MAX_SEARCH_LIMIT,
  matchesFilterGroups,
  parseFilterGroups,
  type SearchFilter,
} from './crm-search.ts';
import { HubspotApiError } from './hubspot-error.ts';
import { validateProperties } from './property-validation.ts';

/**
 * A CRM record held by the fake.
 *
 * @example
 * const contact: CrmRecord | undefined = fake.state.findByProperty('contacts', 'email', 'ana@example.com');
 */
export interface CrmRecord {
  readonly id: string;
  readonly type: CrmObjectType;
  properties: Record<string, string | null>;
  readonly createdAt: Date;
  updatedAt: Date;
  archived: boolean;
}

/**
 * A link between two records, stored once per direction with that direction's type id.
 *
 * @example
 * const edge: AssociationEdge = { fromType: 'deals', fromId: '1002', toType: 'contacts', toId: '1001', typeId: 3 };
 */
export interface AssociationEdge {
  readonly fromType: CrmObjectType;
  readonly fromId: string;
  readonly toType: CrmObjectType;
  readonly toId: string;
  readonly typeId: number;
}

/**
 * A list (segment) of records of one object type.
 *
 * @example
 * const list: CrmList | undefined = fake.state.listByName('0-1', 'Buyers');
 */
export interface CrmList {
  readonly listId: string;
  name: string;
  readonly objectTypeId: string;
  readonly processingType: 'MANUAL' | 'SNAPSHOT' | 'DYNAMIC';
  readonly createdAt: Date;
  updatedAt: Date;
  listVersion: number;
  readonly members: Map<string, Date>;
}

/**
 * What the HubSpot fake starts with (and resets to): accepted private-app tokens, custom properties, deal
 * pipelines and records.
 *
 * @example
 * const seed: HubspotSeed = {
 *   customProperties: { deals: [{ name: 'hotmart_transaction', label: 'Transaction', type: 'string', fieldType: 'text', groupName: 'dealinformation', hasUniqueValue: true }] },
 * };
 */
export interface HubspotSeed {
  customProperties?: Partial<Record<CrmObjectType, PropertyDefinition[]>>;
  pipelines?: Pipeline[];
  records?: { type: CrmObjectType; properties: Record<string, string> }[];
}

/**
 * An association to create with a record (the `associations` array of a create body).
 *
 * @example
 * const input: AssociationInput = { to: { id: '1001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] };
 */
export interface AssociationInput {
  to: { id: string | number };
  types: { associationCategory: string; associationTypeId: number }[];
}

/**
 * The in-memory CRM of the HubSpot fake: records, their associations, property definitions, pipelines and lists.
 * Methods throw `HubspotApiError` carrying HubSpot's status and category.
 *
 * @example
 * const crm = new HubspotState({}, () => new Date());
 * const contact = crm.create('contacts', { email: 'ana@example.com' });
 * crm.get('contacts', 'ana@example.com', 'email')?.id === contact.id; // true
 */
export class HubspotState {
  readonly #seed: HubspotSeed;
  readonly #now: Clock;
  #nextId = 1001;
  #nextListId = 1;
  #records = new Map<string, CrmRecord>();
  // The same records by type, in creation order (ids only grow), so listing one type does not walk the others.
  #recordsByType = new Map<CrmObjectType, Map<string, CrmRecord>>();
  #edges: AssociationEdge[] = [];
  // Each record's outgoing edges (in creation order) and a key per edge: linking and reading a record's
  // associations look at that record's edges alone, not at every edge of the CRM.
  #edgesFrom = new Map<string, AssociationEdge[]>();
  #edgeKeys = new Set<string>();
  #definitions = new Map<CrmObjectType, Map<string, PropertyDefinition>>();
  #pipelines: Pipeline[] = [];
  #lists = new Map<string, CrmList>();
  // Lookups by property value (`idProperty`, unique properties, e-mail): one map per type and property, from the
  // lower-cased value to the ids holding it, built on first use and kept up to date by every write of this class —
  // a scan of every record per lookup made each upsert slower than the last in long runs.
  #byValue = new Map<CrmObjectType, Map<string, Map<string, Set<string>>>>();

  constructor(seed: HubspotSeed, now: Clock) {
    this.#seed = seed;
    this.#now = now;
    this.reset();
  }

  /** Back to the seed. Ids restart, so a reset fake hands out the same ids again. */
  reset(): void {
    this.#nextId = 1001;
    this.#nextListId = 1;
    this.#records = new Map();
    this.#recordsByType = new Map();
    this.#byValue = new Map();
    this.#edges = [];
    this.#edgesFrom = new Map();
    this.#edgeKeys = new Set();
    this.#lists = new Map();
    this.#pipelines = structuredClone(this.#seed.pipelines ?? [...DEFAULT_PIPELINES]);
    this.#definitions = new Map();
    for (const type of Object.keys(BUILT_IN_PROPERTIES) as CrmObjectType[]) {
      const map = new Map(BUILT_IN_PROPERTIES[type].map((d) => [d.name, structuredClone(d)] as const));
      for (const custom of this.#seed.customProperties?.[type] ?? [])
        map.set(custom.name, structuredClone(custom));
      this.#definitions.set(type, map);
    }
    for (const record of this.#seed.records ?? []) this.create(record.type, record.properties);
  }

  definitions(type: CrmObjectType): ReadonlyMap<string, PropertyDefinition> {
    return this.#definitions.get(type) as Map<string, PropertyDefinition>;
  }

  /** Adds a custom property; 409 when one of that name exists. */
  createProperty(type: CrmObjectType, definition: PropertyDefinition): PropertyDefinition {
    const map = this.#definitions.get(type) as Map<string, PropertyDefinition>;
    if (map.has(definition.name)) {
      throw new HubspotApiError(
        409,
        'OBJECT_ALREADY_EXISTS',
        `Property named '${definition.name}' already exists.`,
      );
    }
    const stored = { ...structuredClone(definition), hubspotDefined: false };
    map.set(definition.name, stored);
    return structuredClone(stored);
  }

  pipelines(): Pipeline[] {
    return structuredClone(this.#pipelines);
  }

  /** Creates a record (with its associations, all or nothing); 400 on invalid properties, 409 on a taken unique value. */
  create(type: CrmObjectType, input: unknown, associations?: unknown): CrmRecord {
    const values = validateProperties(type, input, this.definitions(type), {
      pipelines: this.#pipelines,
      creating: true,
    });
    const links = this.#parseAssociations(type, associations);
    if (type === 'leads' && !links.some((l) => l.typeId === 578)) {
      throw HubspotApiError.validation(
        'A lead must be associated with an existing contact as its primary contact (associationTypeId 578)',
        'associations',
      );
    }
    this.#checkUnique(type, values, undefined);
    const now = this.#now();
    const id = String(this.#nextId++);
    const stamps = SYSTEM_TIMESTAMPS[type];
    const properties: Record<string, string | null> = { ...values, hs_object_id: id };
    properties[stamps.created] ??= now.toISOString();
    properties[stamps.modified] = now.toISOString();
    const record: CrmRecord = { id, type, properties, createdAt: now, updatedAt: now, archived: false };
    this.#records.set(id, record);
    let ofType = this.#recordsByType.get(type);
    if (!ofType) {
      ofType = new Map();
      this.#recordsByType.set(type, ofType);
    }
    ofType.set(id, record);
    this.#index(record, Object.keys(properties));
    for (const link of links) this.#link(type, id, link.toType, link.toId, link.typeId);
    return record;
  }

  /** The live record of that type with that id (or unique property value when `idProperty` is given). */
  get(type: CrmObjectType, id: string, idProperty?: string): CrmRecord | undefined {
    if (idProperty && idProperty !== 'hs_object_id') {
      this.#requireUniqueProperty(type, idProperty);
      return this.findByProperty(type, idProperty, id);
    }
    const record = this.#records.get(id);
    return record && record.type === type && !record.archived ? record : undefined;
  }

  /** The live record whose property equals the value (case-insensitively for text), if any. */
  findByProperty(type: CrmObjectType, property: string, value: string): CrmRecord | undefined {
    const wanted = value.trim().toLowerCase();
    // The oldest live record first, as a scan in creation order would find it.
    let found: CrmRecord | undefined;
    for (const id of this.#valueIndex(type, property).get(wanted) ?? []) {
      const record = this.#records.get(id);
      if (!record || record.archived) continue;
      if (!found || Number(record.id) < Number(found.id)) found = record;
    }
    return found;
  }

  /**
   * The records a search can match, oldest first: when every filter group pins a text property to known values
   * (`EQ` to one, `IN` to a few), only the records holding those values (from the indexes); otherwise every live
   * record of the type. Candidates are a superset of the matches: the filters are applied to them afterwards.
   */
  #searchCandidates(
    type: CrmObjectType,
    groups: readonly SearchFilter[][],
    definitions: ReadonlyMap<string, PropertyDefinition>,
  ): CrmRecord[] {
    if (groups.length === 0) return this.records(type);
    const pins: { propertyName: string; values: readonly string[] }[] = [];
    for (const filters of groups) {
      const pin = pinOf(filters, definitions);
      if (!pin) return this.records(type);
      pins.push(pin);
    }
    const ids = new Set<string>();
    for (const pin of pins) {
      const index = this.#valueIndex(type, pin.propertyName);
      for (const value of pin.values) {
        for (const id of index.get(value.toLowerCase()) ?? []) ids.add(id);
      }
    }
    const candidates: CrmRecord[] = [];
    for (const id of ids) {
      const record = this.#records.get(id);
      if (record && !record.archived) candidates.push(record);
    }
    return candidates.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** The index of one type's property, built from the records on first use. */
  #valueIndex(type: CrmObjectType, property: string): Map<string, Set<string>> {
    let ofType = this.#byValue.get(type);
    if (!ofType) {
      ofType = new Map();
      this.#byValue.set(type, ofType);
    }
    let index = ofType.get(property);
    if (!index) {
      index = new Map();
      ofType.set(property, index);
      for (const record of this.#recordsByType.get(type)?.values() ?? []) {
        addTo(index, (record.properties[property] ?? '').toLowerCase(), record.id);
      }
    }
    return index;
  }

  /** Moves a record's entries for the given properties to their current values, in the indexes that exist. */
  #index(record: CrmRecord, properties: readonly string[], previous?: Record<string, string | null>): void {
    const ofType = this.#byValue.get(record.type);
    if (!ofType) return;
    for (const property of properties) {
      const index = ofType.get(property);
      if (!index) continue;
      if (previous) index.get((previous[property] ?? '').toLowerCase())?.delete(record.id);
      addTo(index, (record.properties[property] ?? '').toLowerCase(), record.id);
    }
  }

  /** Updates a record's properties; 404 when it does not exist. */
  update(type: CrmObjectType, id: string, input: unknown, idProperty?: string): CrmRecord {
    const record = this.get(type, id, idProperty);
    if (!record) throw HubspotApiError.notFound();
    const values = validateProperties(type, input, this.definitions(type), {
      pipelines: this.#pipelines,
      creating: false,
      current: record.properties,
    });
    this.#checkUnique(type, values, record.id);
    this.#apply(record, values);
    return record;
  }

  /** Archives (soft-deletes) a record; 404 when it does not exist. */
  archive(type: CrmObjectType, id: string): void {
    const record = this.get(type, id);
    if (!record) throw HubspotApiError.notFound();
    record.archived = true;
  }

  /** The live records of a type, oldest first. */
  records(type: CrmObjectType): CrmRecord[] {
    const records: CrmRecord[] = [];
    for (const record of this.#recordsByType.get(type)?.values() ?? []) {
      if (!record.archived) records.push(record);
    }
    return records;
  }

  /**
   * Creates or updates each input by a unique property (`batch/upsert`). Every input is checked before any is
   * written, so a bad input changes nothing.
   */
  upsert(type: CrmObjectType, inputs: unknown): { record: CrmRecord; created: boolean }[] {
    if (!Array.isArray(inputs) || inputs.length === 0) {
      throw HubspotApiError.validation('inputs must be a non-empty array', 'inputs');
    }
    if (inputs.length > 100)
      throw HubspotApiError.validation('Batch input is limited to 100 inputs', 'inputs');
    const plan = inputs.map((raw, i) => {
      const input = (raw ?? {}) as { id?: unknown; idProperty?: unknown; properties?: unknown };
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
      if (typeof input.id !== 'string' && typeof input.id !== 'number') {
        throw HubspotApiError.validation(`inputs[${i}].id is required`, `inputs[${i}].id`);
      }
      if (idProperty !== 'hs_object_id') this.#requireUniqueProperty(type, idProperty);
      return { key: String(input.id), idProperty, properties: input.properties ?? {} };
    });
    // Every repeat of an id, named once, in the order the repeats appear.
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const p of plan) {
      const key = `${p.idProperty}:${p.key.toLowerCase()}`;
      if (seen.has(key)) duplicates.add(p.key.toLowerCase());
      seen.add(key);
    }
    if (duplicates.size > 0) {
      throw HubspotApiError.validation(
        `Duplicate IDs found in batch input: [${[...duplicates].join(', ')}]. IDs must be unique`,
        'inputs',
      );
    }
    const checked = plan.map((p) => {
      const existing = this.get(type, p.key, p.idProperty);
      if (!existing && p.idProperty === 'hs_object_id')
        throw HubspotApiError.notFound(`No ${singularOf(type)} with id ${p.key}`);
      const properties =
        existing || p.idProperty === 'hs_object_id'
          ? p.properties
          : { ...(p.properties as Record<string, unknown>), [p.idProperty]: p.key };
      const values = validateProperties(type, properties, this.definitions(type), {
        pipelines: this.#pipelines,
        creating: !existing,
        ...(existing ? { current: existing.properties } : {}),
      });
      this.#checkUnique(type, values, existing?.id);
      return { existing, properties, values };
    });
    const updated = new Set<string>();
    return checked.map(({ existing, properties, values }) => {
      if (existing) {
        // The checked values still hold unless an earlier input of this batch changed the same record (by another
        // idProperty): a deal's stage is checked against its current pipeline.
        const current = updated.has(existing.id)
          ? validateProperties(type, properties, this.definitions(type), {
              pipelines: this.#pipelines,
              creating: false,
              current: existing.properties,
            })
          : values;
        updated.add(existing.id);
        this.#apply(existing, current);
        return { record: existing, created: false };
      }
      return { record: this.create(type, properties), created: true };
    });
  }

  /** Runs a CRM search (`POST /crm/v3/objects/{type}/search`). */
  search(
    type: CrmObjectType,
    body: Record<string, unknown>,
  ): { total: number; results: CrmRecord[]; after?: string } {
    const definitions = this.definitions(type);
    const groups = parseFilterGroups(body['filterGroups'], definitions);
    const limit = body['limit'] ?? 10;
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_SEARCH_LIMIT) {
      throw HubspotApiError.validation(`limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}`, 'limit');
    }
    const after = body['after'] === undefined ? 0 : Number(body['after']);
    if (!Number.isInteger(after) || after < 0)
      throw HubspotApiError.validation('after must be a paging cursor', 'after');
    const query = typeof body['query'] === 'string' ? body['query'].trim().toLowerCase() : '';
    let matched = this.#searchCandidates(type, groups, definitions).filter((r) =>
      matchesFilterGroups(r.properties, groups, definitions),
    );
    if (query) {
      // Free text searches the default searchable properties of the type.
      const fields = DEFAULT_READ_PROPERTIES[type];
      matched = matched.filter((r) =>
        fields.some((f) => (r.properties[f] ?? '').toLowerCase().includes(query)),
      );
    }
    for (const sort of [...parseSorts(body['sorts'])].reverse()) {
      const kind = definitions.get(sort.propertyName)?.type ?? 'string';
      matched = [...matched].sort((a, b) => {
        const x = a.properties[sort.propertyName] ?? null;
        const y = b.properties[sort.propertyName] ?? null;
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return sort.direction === 'DESCENDING' ? compare(y, x, kind) : compare(x, y, kind);
      });
    }
    const page = matched.slice(after, after + (limit as number));
    const next = after + page.length;
    return {
      total: matched.length,
      results: page,
      ...(next < matched.length ? { after: String(next) } : {}),
    };
  }

  /** The association type a link would use, given an explicit type id or the default for the pair. */
  associationType(from: CrmObjectType, to: CrmObjectType, typeId?: number): AssociationType | undefined {
    return ASSOCIATION_TYPES.find(
      (t) => t.from === from && t.to === to && (typeId === undefined || t.typeId === typeId),
    );
  }

  /** Links two live records both ways; 404 when either is missing, 400 when the type does not fit the pair. */
  associate(
    from: CrmObjectType,
    fromId: string,
    to: CrmObjectType,
    toId: string,
    typeId?: number,
  ): AssociationEdge[] {
    if (!this.get(from, fromId)) throw HubspotApiError.notFound(`No ${singularOf(from)} with id ${fromId}`);
    if (!this.get(to, toId)) throw HubspotApiError.notFound(`No ${singularOf(to)} with id ${toId}`);
    const type = this.associationType(from, to, typeId);
    if (!type) {
      throw HubspotApiError.validation(
        `associationTypeId ${typeId ?? 'default'} is not a valid association type from ${from} to ${to}`,
        'associationTypeId',
      );
    }
    return this.#link(from, fromId, to, toId, type.typeId);
  }

  /** The records of type `to` linked to a record, each with the type ids of the links (in that direction). */
  associationsOf(
    from: CrmObjectType,
    fromId: string,
    to: CrmObjectType,
  ): { toId: string; typeIds: number[] }[] {
    const byTarget = new Map<string, number[]>();
    for (const edge of this.#edgesFrom.get(`${from}\n${fromId}`) ?? []) {
      if (edge.toType !== to) continue;
      if (!this.get(to, edge.toId)) continue;
      const typeIds = byTarget.get(edge.toId);
      if (typeIds) typeIds.push(edge.typeId);
      else byTarget.set(edge.toId, [edge.typeId]);
    }
    return [...byTarget].map(([toId, typeIds]) => ({ toId, typeIds }));
  }

  /** Every stored association edge (both directions). */
  associations(): AssociationEdge[] {
    return [...this.#edges];
  }

  createList(input: {
    name: string;
    objectTypeId: string;
    processingType: CrmList['processingType'];
  }): CrmList {
    if (this.listByName(input.objectTypeId, input.name)) {
      // List names are unique in an account (ListCreateRequest: "must be globally unique across all public lists").
      throw HubspotApiError.validation(`A list named '${input.name}' already exists`, 'name');
    }
    const now = this.#now();
    const list: CrmList = {
      listId: String(this.#nextListId++),
      name: input.name,
      objectTypeId: input.objectTypeId,
      processingType: input.processingType,
      createdAt: now,
      updatedAt: now,
      listVersion: 1,
      members: new Map(),
    };
    this.#lists.set(list.listId, list);
    return list;
  }

  list(listId: string): CrmList | undefined {
    return this.#lists.get(listId);
  }

  listByName(objectTypeId: string, name: string): CrmList | undefined {
    const wanted = name.toLowerCase();
    return [...this.#lists.values()].find(
      (l) => l.objectTypeId === objectTypeId && l.name.toLowerCase() === wanted,
    );
  }

  /** Adds and removes members of a MANUAL or SNAPSHOT list; ids of missing records are reported, not added. */
  changeMembers(
    listId: string,
    add: readonly string[],
    remove: readonly string[],
  ): { added: string[]; removed: string[]; missing: string[] } {
    const list = this.#lists.get(listId);
    if (!list) throw HubspotApiError.notFound(`List does not exist with ID ${listId}.`);
    if (list.processingType === 'DYNAMIC') {
      throw HubspotApiError.validation(
        `List ${listId} has processingType DYNAMIC; memberships can only be changed on MANUAL or SNAPSHOT lists`,
        'listId',
      );
    }
    const type = (Object.keys(OBJECT_TYPE_IDS) as CrmObjectType[]).find(
      (t) => OBJECT_TYPE_IDS[t] === list.objectTypeId,
    );
    const missing: string[] = [];
    const added: string[] = [];
    const removed: string[] = [];
    const now = this.#now();
    for (const id of add) {
      if (!type || !this.get(type, id)) missing.push(id);
      else if (!list.members.has(id)) {
        list.members.set(id, now);
        added.push(id);
      }
    }
    for (const id of remove) {
      if (list.members.delete(id)) removed.push(id);
      else if (!type || !this.get(type, id)) missing.push(id);
    }
    if (added.length > 0 || removed.length > 0) {
      list.updatedAt = now;
      list.listVersion++;
    }
    return { added, removed, missing };
  }

  /** A JSON view for `GET /_fake/state`. */
  snapshot(): Record<string, unknown> {
    const types = Object.keys(OBJECT_TYPE_IDS) as CrmObjectType[];
    return {
      records: Object.fromEntries(
        types.map((t) => [t, this.records(t).map((r) => ({ id: r.id, properties: r.properties }))]),
      ),
      associations: this.#edges,
      lists: [...this.#lists.values()].map((l) => ({ ...listResource(l), memberIds: [...l.members.keys()] })),
      customProperties: Object.fromEntries(
        types.map((t) => [
          t,
          [...this.definitions(t).values()].filter((d) => !d.hubspotDefined).map((d) => d.name),
        ]),
      ),
    };
  }

  #apply(record: CrmRecord, values: Record<string, string | null>): void {
    const now = this.#now();
    const modified = SYSTEM_TIMESTAMPS[record.type].modified;
    const changed = [...Object.keys(values), modified];
    // Only the changed properties' old values are needed, to move their index entries.
    const previous: Record<string, string | null> = {};
    for (const name of changed) previous[name] = record.properties[name] ?? null;
    Object.assign(record.properties, values);
    record.properties[modified] = now.toISOString();
    record.updatedAt = now;
    this.#index(record, changed, previous);
  }

  #link(
    from: CrmObjectType,
    fromId: string,
    to: CrmObjectType,
    toId: string,
    typeId: number,
  ): AssociationEdge[] {
    const type = this.associationType(from, to, typeId) as AssociationType;
    const pair: AssociationEdge[] = [
      { fromType: from, fromId, toType: to, toId, typeId },
      { fromType: to, fromId: toId, toType: from, toId: fromId, typeId: type.inverseTypeId },
    ];
    for (const edge of pair) {
      const key = `${edge.fromType}\n${edge.fromId}\n${edge.toType}\n${edge.toId}\n${edge.typeId}`;
      if (this.#edgeKeys.has(key)) continue;
      this.#edgeKeys.add(key);
      this.#edges.push(edge);
      const from = `${edge.fromType}\n${edge.fromId}`;
      const outgoing = this.#edgesFrom.get(from);
      if (outgoing) outgoing.push(edge);
      else this.#edgesFrom.set(from, [edge]);
    }
    return pair;
  }

  #parseAssociations(
    from: CrmObjectType,
    input: unknown,
  ): { toType: CrmObjectType; toId: string; typeId: number }[] {
    if (input === undefined) return [];
    if (!Array.isArray(input))
      throw HubspotApiError.validation('associations must be an array', 'associations');
    return input.flatMap((raw, i) => {
      const association = (raw ?? {}) as Partial<AssociationInput>;
      const toId = association.to?.id;
      if (typeof toId !== 'string' && typeof toId !== 'number') {
        throw HubspotApiError.validation(`associations[${i}].to.id is required`, `associations[${i}].to.id`);
      }
      if (!Array.isArray(association.types) || association.types.length === 0) {
        throw HubspotApiError.validation(
          `associations[${i}].types must be a non-empty array`,
          `associations[${i}].types`,
        );
      }
      return association.types.map((t, j) => {
        const typeId = t?.associationTypeId;
        const type = ASSOCIATION_TYPES.find((a) => a.from === from && a.typeId === typeId);
        if (!type || (t.associationCategory ?? 'HUBSPOT_DEFINED') !== 'HUBSPOT_DEFINED') {
          throw HubspotApiError.validation(
            `associations[${i}].types[${j}]: ${t?.associationCategory}/${String(typeId)} is not a valid association type from ${from}`,
            `associations[${i}].types[${j}].associationTypeId`,
          );
        }
        if (!this.get(type.to, String(toId))) {
          throw HubspotApiError.validation(
            `associations[${i}]: ${singularOf(type.to)} ${toId} does not exist`,
            `associations[${i}].to.id`,
          );
        }
        return { toType: type.to, toId: String(toId), typeId: type.typeId };
      });
    });
  }

  #requireUniqueProperty(type: CrmObjectType, name: string): void {
    const definition = this.definitions(type).get(name);
    const unique = (type === 'contacts' && name === 'email') || definition?.hasUniqueValue === true;
    if (!unique) {
      throw HubspotApiError.validation(
        `${name} is not a unique identifier property of ${type}; use hs_object_id${type === 'contacts' ? ', email' : ''} or a property with hasUniqueValue`,
        'idProperty',
      );
    }
  }

  #checkUnique(type: CrmObjectType, values: Record<string, string | null>, selfId: string | undefined): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === null) continue;
      const unique =
        (type === 'contacts' && name === 'email') || this.definitions(type).get(name)?.hasUniqueValue;
      if (!unique) continue;
      const existing = this.findByProperty(type, name, value);
      if (!existing || existing.id === selfId) continue;
      if (type === 'contacts' && name === 'email') {
        throw new HubspotApiError(
          409,
          'OBJECT_ALREADY_EXISTS',
          `Contact already exists. Existing ID: ${existing.id}`,
          {
            error: 'CONTACT_EXISTS',
            errors: [
              {
                message: `A contact with email ${value} already exists. Existing ID: ${existing.id}`,
                in: 'email',
              },
            ],
          },
        );
      }
      throw new HubspotApiError(
        409,
        'OBJECT_ALREADY_EXISTS',
        `A ${singularOf(type)} with ${name} ${value} already exists. Existing ID: ${existing.id}`,
        { errors: [{ message: `${name} must be unique; ${value} is used by ${existing.id}`, in: name }] },
      );
    }
  }
}

/**
 * A list in the shape of the lists API (`{ list: … }` bodies).
 *
 * @example
 * listResource(fake.state.createList({ name: 'Buyers', objectTypeId: '0-1', processingType: 'MANUAL' })).size; // 0
 */
export function listResource(list: CrmList): Record<string, unknown> {
  return {
    listId: list.listId,
    listVersion: list.listVersion,
    name: list.name,
    objectTypeId: list.objectTypeId,
    processingStatus: 'COMPLETE',
    processingType: list.processingType,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
    filtersUpdatedAt: list.createdAt.toISOString(),
    size: list.members.size,
  };
}

function parseSorts(input: unknown): { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw HubspotApiError.validation('sorts must be an array', 'sorts');
  return input.map((sort, i) => {
    // Both forms are documented: `"-createdate"` strings and `{ propertyName, direction }` objects.
    if (typeof sort === 'string') {
      return sort.startsWith('-')
        ? { propertyName: sort.slice(1), direction: 'DESCENDING' as const }
        : { propertyName: sort, direction: 'ASCENDING' as const };
    }
    const { propertyName, direction } = (sort ?? {}) as { propertyName?: unknown; direction?: unknown };
    if (
      typeof propertyName !== 'string' ||
      (direction !== undefined && direction !== 'ASCENDING' && direction !== 'DESCENDING')
    ) {
      throw HubspotApiError.validation(`sorts[${i}] must name a propertyName and a direction`, `sorts[${i}]`);
    }
    return { propertyName, direction: direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' };
  });
}

// Types whose values compare as text, so equal values share an index entry (lower-cased).
const NOT_TEXT = new Set<string>(['number', 'date', 'datetime']);

/**
 * The values a filter group pins a text property to, if one of its filters does: the value of an `EQ` (preferred:
 * one value), else the values of an `IN`. Every record the group matches holds one of them.
 */
function pinOf(
  filters: readonly SearchFilter[],
  definitions: ReadonlyMap<string, PropertyDefinition>,
): { propertyName: string; values: readonly string[] } | undefined {
  let pin: { propertyName: string; values: readonly string[] } | undefined;
  for (const filter of filters) {
    if (NOT_TEXT.has(definitions.get(filter.propertyName)?.type ?? 'string')) continue;
    if (filter.operator === 'EQ' && filter.value !== undefined) {
      return { propertyName: filter.propertyName, values: [filter.value] };
    }
    if (filter.operator === 'IN' && filter.values !== undefined) {
      pin ??= { propertyName: filter.propertyName, values: filter.values };
    }
  }
  return pin;
}

function addTo(index: Map<string, Set<string>>, value: string, id: string): void {
  let ids = index.get(value);
  if (!ids) {
    ids = new Set();
    index.set(value, ids);
  }
  ids.add(id);
}
