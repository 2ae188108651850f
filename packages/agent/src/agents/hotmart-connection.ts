// The lookup lives with the Hotmart connector (the legal connector's action needs it too); agents import it here.
export { apiHotmartConnection } from '../connectors/hotmart/api-connection.ts';
