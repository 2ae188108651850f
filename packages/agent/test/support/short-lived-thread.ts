import { parentPort } from 'node:worker_threads';
import type { FromThread, ToThread } from '../../src/engine-threads.ts';

// An engine thread that starts and then dies (exit code 3) a moment later, as a thread that hit a fatal error would.
// A stop request before that ends it the way a real thread ends.
const port = parentPort;
if (port) {
  const post = (message: FromThread) => port.postMessage(message);
  port.on('message', (message: ToThread) => {
    if (message.type !== 'stop') return;
    post({ type: 'stopped' });
    process.exit(0);
  });
  post({ type: 'ready' });
  setTimeout(() => process.exit(3), 150);
}
