// Runs the benchmarks and prints their tables. Needs root (they use the lab).
import { benchDesktopCost } from './desktop-cost.js';
import { goalsTable } from './goals.js';
import { benchDumpVsSs } from './dump-vs-ss.js';
import { benchDashboard, benchDashboardCpu } from './dashboard-frames.js';
import { benchEventLatency } from './event-latency.js';
import { benchJournalSize } from './journal-size.js';
import { benchMonitorMemory } from './monitor-memory.js';
import { benchProcessLookup } from './process-lookup.js';
import { benchServeCost } from './serve-cost.js';

if (process.getuid?.() !== 0) {
  console.error(
    'subflow bench: the benchmarks build a lab in network namespaces: run them as root',
  );
  process.exit(1);
}
console.log('== Kernel read: native vs ss -tinM\n');
console.log(await benchDumpVsSs());
console.log('\n== subflow serve while watching: idle, and 900 connections vs ss -tinM\n');
console.log(await benchServeCost());
console.log('\n== Process per connection: 1,000 held connections\n');
console.log(await benchProcessLookup());
console.log('\n== Monitor memory and CPU: 1 hour of simulated ticks\n');
console.log(await benchMonitorMemory());
console.log('\n== Kernel event → WebSocket latency\n');
console.log(await benchEventLatency());
console.log('\n== Session journal size: 1 hour of 20 connections × 2 subflows at 1 s\n');
console.log(await benchJournalSize());
console.log('\n== Dashboard in Chromium: 200 connections × 2 subflows at 1 s ticks\n');
console.log(await benchDashboard());
console.log('\n== Dashboard page CPU: 10 connections × 2 subflows, visible and hidden\n');
console.log(await benchDashboardCpu());
console.log('\n== The desktop app as a whole: main, helper and renderer, 10 and 200 connections\n');
console.log(await benchDesktopCost());
console.log('\n== Goals of issue 15, figures from this run\n');
console.log(goalsTable());
