// The `hotpilot mcp` of the stdio tests: serves MCP on this process's stdin/stdout over a SQLite store the test
// prepared (migrated, with a Hotmart connection to its emulator). Arguments: <sqlite path> <write mode>.
import { registry } from '../../../src/connectors/registry.ts';
import type { WriteMode } from '../../../src/mcp/mcp-settings.ts';
import { runMcpStdio } from '../../../src/mcp/mcp-stdio.ts';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { TEST_SECRET_KEY } from '../../store/stores.ts';

const [path, writes] = process.argv.slice(2);
if (!path || !writes) {
  process.stderr.write('usage: stdio-server.ts <sqlite path> <write mode>\n');
  process.exit(2);
}
const store = createSqliteStore({ path, secretKey: TEST_SECRET_KEY });
const mcp = await runMcpStdio({
  store,
  registry,
  settings: { writes: writes as WriteMode },
  actor: 'local-operator',
  services: { store },
});
await mcp.closed;
await store.close();
