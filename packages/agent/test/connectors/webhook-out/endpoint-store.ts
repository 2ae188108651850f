import type { ConnectionRecord, NewConnection, Store } from '../../../src/store/port.ts';

/** What the delivery workflow reads and writes, plus the connection writes the tests make. */
export type EndpointStore = Pick<
  Store,
  | 'listConnections'
  | 'getConnection'
  | 'createConnection'
  | 'updateConnection'
  | 'deleteConnection'
  | 'getEvent'
  | 'createRuns'
  | 'appendAudit'
  | 'getState'
  | 'setState'
>;

/**
 * The real store, with one stop-gap: the SQLite schema (migration v001) still accepts only `hotmart` connections,
 * although the storage port documents connections of any kind. A connection the store refuses for its kind is
 * kept here in memory, with the store's record shape; every other call goes to the store. Once the store takes
 * `webhook-out` connections, everything goes to it and this adds nothing.
 */
export function endpointStore(store: Store): EndpointStore {
  const local = new Map<string, ConnectionRecord>();
  return {
    async createConnection(input: NewConnection, now: number) {
      try {
        return await store.createConnection(input, now);
      } catch (error) {
        if (
          !/kind/.test(String((error as Error).message)) ||
          input.kind === undefined ||
          input.kind === 'hotmart'
        ) {
          throw error;
        }
        const record: ConnectionRecord = {
          id: input.id,
          kind: input.kind,
          name: input.name,
          hottoks: [...input.hottoks],
          credentials: structuredClone(input.credentials ?? null),
          settings: structuredClone(input.settings ?? {}),
          createdAt: now,
          updatedAt: now,
        };
        local.set(input.id, record);
        return structuredClone(record);
      }
    },
    async getConnection(id) {
      const record = local.get(id);
      return record ? structuredClone(record) : store.getConnection(id);
    },
    async listConnections() {
      return [
        ...(await store.listConnections()),
        ...[...local.values()].map((record) => structuredClone(record)),
      ];
    },
    async updateConnection(id, patch, now) {
      const record = local.get(id);
      if (!record) return store.updateConnection(id, patch, now);
      const next = { ...record, ...structuredClone(patch), updatedAt: now };
      local.set(id, next);
      return structuredClone(next);
    },
    async deleteConnection(id) {
      return local.delete(id) || store.deleteConnection(id);
    },
    getEvent: (id) => store.getEvent(id),
    createRuns: (runs, now) => store.createRuns(runs, now),
    appendAudit: (entry, now) => store.appendAudit(entry, now),
    getState: <T>(key: string) => store.getState<T>(key),
    setState: (key, value, now) => store.setState(key, value, now),
  };
}
