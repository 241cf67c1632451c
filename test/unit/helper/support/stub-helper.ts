// A helper process for the protocol and pkexec tests: the real serveHelper on stdin/stdout over a
// stub Host that ticks every 50 ms. snapshot:get reports the process's arguments as the hostname,
// so a test sees what pkexec passed through. With --crash it fails on start, as a broken helper
// would.
import { serveHelper } from '../../../../electron/helper/helper-server.js';
import { SNAPSHOT, stubHost } from './stub-host.js';

const argv = process.argv.slice(2);
if (argv.includes('--crash')) {
  process.stderr.write('subflow: cannot open the kernel thread: boom\n');
  process.exit(3);
}
const { host, bus } = stubHost(argv.join(' '));
const timer = setInterval(() => {
  bus.emit({ name: 'onTick', payload: { snapshot: SNAPSHOT, events: [] } });
}, 50);
await serveHelper({ host, input: process.stdin, output: process.stdout });
clearInterval(timer);
process.stderr.write('stub helper: stdin closed, exiting\n');
