// Unit tests of the lab's pure plan: order, argv arrays, and that it only touches its namespaces.
import { describe, expect, it } from 'vitest';
import { resolveLabConfig } from '../../../native/lab/lab-config.js';
import {
  argv,
  planLabUp,
  planNamespaceDelete,
  tbfArgs,
  tbfBurstBytes,
} from '../../../native/lab/lab-plan.js';

describe('argv template', () => {
  it('splits literal text on whitespace and keeps values whole', () => {
    expect(argv`ip -n ${'a b'} addr add ${'198.51.100.1'}/${24} dev ${'red-c'}`).toEqual([
      'ip',
      '-n',
      'a b',
      'addr',
      'add',
      '198.51.100.1/24',
      'dev',
      'red-c',
    ]);
  });

  it('spreads arrays as separate arguments and keeps empty values', () => {
    expect(argv`x ${['p', 'q r']} y`).toEqual(['x', 'p', 'q r', 'y']);
    expect(argv`a ${''} b`).toEqual(['a', '', 'b']);
    expect(argv`rate ${5}bit`).toEqual(['rate', '5bit']);
  });

  it('never interprets shell syntax', () => {
    expect(argv`echo ${'$(rm -rf /); `x`'}`).toEqual(['echo', '$(rm -rf /); `x`']);
  });
});

describe('tbf parameters', () => {
  it('sizes the bucket at 25 ms of the rate, at least 32 KiB', () => {
    expect(tbfBurstBytes(40)).toBe(125_000);
    expect(tbfBurstBytes(20)).toBe(62_500);
    expect(tbfBurstBytes(1)).toBe(32_768);
  });

  it('gives the rate in bit/s and the latency in ms', () => {
    expect(tbfArgs(40)).toEqual(['rate', '40000000bit', 'burst', '125000', 'latency', '50ms']);
    expect(tbfArgs(12.5)).toEqual(['rate', '12500000bit', 'burst', '39063', 'latency', '50ms']);
  });
});

describe('planLabUp', () => {
  const plan = planLabUp(resolveLabConfig({ prefix: 't1' }));
  const lines = plan.map((c) => c.argv.join(' '));

  it('creates both namespaces first and marks them for clean-up', () => {
    expect(plan.slice(0, 2).map((c) => [c.argv.join(' '), c.createsNamespace])).toEqual([
      ['ip netns add t1-cli', 't1-cli'],
      ['ip netns add t1-srv', 't1-srv'],
    ]);
    expect(plan.slice(2).every((c) => c.createsNamespace === undefined)).toBe(true);
  });

  it('runs only ip and tc, every command inside one of its own namespaces', () => {
    for (const command of plan) {
      const [program, ...rest] = command.argv;
      expect(['ip', 'tc']).toContain(program);
      const inside =
        (rest[0] === '-n' && ['t1-cli', 't1-srv'].includes(rest[1] ?? '')) ||
        (rest[0] === 'netns' && ['t1-cli', 't1-srv'].includes(rest[2] ?? ''));
      expect(inside, command.argv.join(' ')).toBe(true);
    }
  });

  it('enables MPTCP and turns off rp_filter in both namespaces', () => {
    for (const ns of ['t1-cli', 't1-srv']) {
      expect(lines).toContain(
        `ip netns exec ${ns} sysctl -q -w net.mptcp.enabled=1 net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0`,
      );
      expect(lines).toContain(`ip -n ${ns} link set lo up`);
      expect(lines).toContain(`ip -n ${ns} mptcp limits set subflows 8 add_addr_accepted 8`);
    }
  });

  it('creates the veth pairs straight into the namespaces with the documented addresses', () => {
    expect(lines).toContain('ip -n t1-cli link add red-c type veth peer name red-s netns t1-srv');
    expect(lines).toContain('ip -n t1-cli link add blue-c type veth peer name blue-s netns t1-srv');
    expect(lines).toContain('ip -n t1-cli addr add 198.51.100.1/24 dev red-c');
    expect(lines).toContain('ip -n t1-srv addr add 198.51.100.2/24 dev red-s');
    expect(lines).toContain('ip -n t1-cli addr add 203.0.113.1/24 dev blue-c');
    expect(lines).toContain('ip -n t1-srv addr add 203.0.113.2/24 dev blue-s');
    for (const [ns, dev] of [
      ['t1-cli', 'red-c'],
      ['t1-cli', 'blue-c'],
      ['t1-srv', 'red-s'],
      ['t1-srv', 'blue-s'],
    ] as const) {
      expect(lines).toContain(`ip -n ${ns} link set dev ${dev} gso_max_segs 1`);
      expect(lines).toContain(`ip -n ${ns} link set dev ${dev} up`);
    }
  });

  it('adds the subflow endpoint and source routing for the blue address on the client', () => {
    expect(lines).toContain('ip -n t1-cli mptcp endpoint add 203.0.113.1 dev blue-c subflow');
    expect(lines).toContain('ip -n t1-cli rule add from 203.0.113.1 table 200');
    expect(lines).toContain(
      'ip -n t1-cli route add 198.51.100.0/24 via 203.0.113.2 dev blue-c table 200',
    );
    expect(lines.filter((l) => l.includes('t1-srv') && l.includes('endpoint'))).toEqual([]);
  });

  it('shapes both ends of each path with tbf, defaults 40 and 20 Mbit/s', () => {
    const shaping = lines.filter((l) => l.startsWith('tc '));
    expect(shaping).toEqual([
      'tc -n t1-cli qdisc add dev red-c root tbf rate 40000000bit burst 125000 latency 50ms',
      'tc -n t1-srv qdisc add dev red-s root tbf rate 40000000bit burst 125000 latency 50ms',
      'tc -n t1-cli qdisc add dev blue-c root tbf rate 20000000bit burst 62500 latency 50ms',
      'tc -n t1-srv qdisc add dev blue-s root tbf rate 20000000bit burst 62500 latency 50ms',
    ]);
  });

  it('uses the rates it is given', () => {
    const custom = planLabUp(resolveLabConfig({ prefix: 't2', rates: { red: 10, blue: 5 } }));
    const shaping = custom
      .filter((c) => c.argv[0] === 'tc')
      .map((c) => c.argv[c.argv.indexOf('rate') + 1]);
    expect(shaping).toEqual(['10000000bit', '10000000bit', '5000000bit', '5000000bit']);
  });

  it('gives every step a description', () => {
    expect(plan.every((c) => c.step.length > 0)).toBe(true);
    expect(new Set(plan.map((c) => c.argv.join(' '))).size).toBe(plan.length);
  });
});

describe('planNamespaceDelete', () => {
  it('deletes exactly the namespaces named', () => {
    expect(planNamespaceDelete(['a-cli']).map((c) => c.argv)).toEqual([
      ['ip', 'netns', 'del', 'a-cli'],
    ]);
    expect(planNamespaceDelete([])).toEqual([]);
  });
});
