// Fix commands rendered from the actions (for a namespace and for the host's own), shell
// quoting, sysctl names, and whether a fix is applicable here and why not.
import { subflowCommand } from '../../../native/invocation.js';
import { describe, expect, it } from 'vitest';
import {
  commandFor,
  shellWord,
  sysctlName,
  toDoctorFix,
} from '../../../electron/doctor/fix-plan.js';
import type { FixAction } from '../../../electron/doctor/fix-plan.js';

const actions: FixAction[] = [
  { kind: 'sysctl', path: ['net', 'mptcp', 'enabled'], value: '1' },
  { kind: 'limits', subflows: 4 },
  { kind: 'limits', subflows: 2, addAddrAccepted: 1 },
  {
    kind: 'endpoint-add',
    address: '2001:db8:2::1',
    ifindex: 5,
    ifname: 'blue-c',
    flags: ['subflow', 'backup'],
    id: 3,
  },
  { kind: 'endpoint-delete', id: 7, address: '192.0.2.7' },
  { kind: 'rule-add', family: 6, from: '2001:db8:2::1', fromLength: 128, table: 200 },
  { kind: 'rule-add', family: 4, from: '203.0.113.0', fromLength: 24, table: 1000 },
  {
    kind: 'route-add',
    family: 4,
    dst: null,
    dstLength: 0,
    gateway: '203.0.113.254',
    ifindex: 5,
    ifname: 'blue-c',
    table: 100,
  },
  {
    kind: 'route-add',
    family: 4,
    dst: '203.0.113.0',
    dstLength: 24,
    ifindex: 5,
    ifname: 'blue-c',
    table: 100,
  },
];

describe('commandFor', () => {
  it('renders every action for a namespace', () => {
    expect(actions.map((a) => commandFor(a, 'lab-cli'))).toEqual([
      'ip netns exec lab-cli sysctl -w net.mptcp.enabled=1',
      'ip -n lab-cli mptcp limits set subflows 4',
      'ip -n lab-cli mptcp limits set subflows 2 add_addr_accepted 1',
      'ip -n lab-cli mptcp endpoint add 2001:db8:2::1 dev blue-c id 3 subflow backup',
      'ip -n lab-cli mptcp endpoint delete id 7',
      'ip -n lab-cli -6 rule add from 2001:db8:2::1 table 200',
      'ip -n lab-cli rule add from 203.0.113.0/24 table 1000',
      'ip -n lab-cli route add default via 203.0.113.254 dev blue-c table 100',
      'ip -n lab-cli route add 203.0.113.0/24 dev blue-c table 100',
    ]);
  });

  it('drops the namespace parts for the host’s own namespace', () => {
    expect(commandFor(actions[0]!, null)).toBe('sysctl -w net.mptcp.enabled=1');
    expect(commandFor(actions[1]!, null)).toBe('ip mptcp limits set subflows 4');
  });
});

describe('shell words and sysctl names', () => {
  it('quotes what a shell would split or expand', () => {
    expect(shellWord('blue-c')).toBe('blue-c');
    expect(shellWord('my nic')).toBe("'my nic'");
    expect(shellWord("it's$x")).toBe(`'it'\\''s$x'`);
  });

  it('writes dots inside a segment as slashes, as sysctl(8) does', () => {
    expect(sysctlName(['net', 'ipv4', 'conf', 'eth0.100', 'rp_filter'])).toBe(
      'net.ipv4.conf.eth0/100.rp_filter',
    );
  });
});

describe('toDoctorFix', () => {
  const plan = { description: 'Sets it.', actions: [actions[0]!] };

  it('is applicable when privileged', () => {
    expect(toDoctorFix(plan, { netns: null, privileged: true, id: 'x:y' })).toEqual({
      description: 'Sets it.',
      commands: ['sysctl -w net.mptcp.enabled=1'],
      applicable: true,
    });
  });

  it('says to run the commands or the doctor as root when not privileged', () => {
    const fix = toDoctorFix(plan, { netns: 'lab-cli', privileged: false, id: 'x:y' });
    expect(fix.applicable).toBe(false);
    expect(fix.notApplicableReason).toBe(
      'applying it needs CAP_NET_ADMIN, which this process lacks: run the commands as root, ' +
        `or '${subflowCommand()} doctor --netns lab-cli --apply x:y' as root`,
    );
  });

  it('shows a manual step’s commands after the actions’ and its reason', () => {
    const fix = toDoctorFix(
      { description: 'd', actions: [], manual: { commands: ['ip route add …'], reason: 'why' } },
      { netns: null, privileged: true, id: 'x:y' },
    );
    expect(fix).toEqual({
      description: 'd',
      commands: ['ip route add …'],
      applicable: false,
      notApplicableReason: 'why',
    });
  });
});
