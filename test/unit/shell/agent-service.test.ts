// The agent's systemd unit (build/linux/subflow-agent.service): systemd itself accepts it
// (`systemd-analyze verify`, with a stand-in for the packaged app), it runs the packaged CLI's
// `agent` command where electron-builder puts it, its directories are the ones the code uses,
// and the hardening it relies on is there: exactly the capabilities the agent uses, no others.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStateDir } from '../../../electron/cli/agent-command.js';
import { configDir } from '../../../electron/control/choices-file.js';
import { rendezvousPath } from '../../../electron/helper/agent-rendezvous.js';
import type { BuilderConfig } from './support/builder-config.js';
import { inProject, loadBuilderConfig } from './support/builder-config.js';

const UNIT = 'build/linux/subflow-agent.service';
const text = readFileSync(inProject(UNIT), 'utf8');

/** The unit's settings by section: each key with every value it is given, in order. */
function parseUnit(source: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1] ?? '', current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq);
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1)]);
  }
  return sections;
}

const unit = parseUnit(text);
const service = unit.get('Service') ?? new Map<string, string[]>();
const one = (key: string) => {
  const values = service.get(key) ?? [];
  expect(values, key).toHaveLength(1);
  return values[0];
};

let config: BuilderConfig;
beforeAll(async () => {
  config = await loadBuilderConfig();
});

describe('systemd-analyze verify', () => {
  const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
  const temp = mkdtempSync(join(tmpdir(), 'sf-agent-unit-'));
  afterAll(() => {
    rmSync(temp, { recursive: true, force: true });
  });

  // verify also checks that ExecStart's program exists: the packaged app is not installed here,
  // so a stand-in takes its path; everything else is the unit as shipped.
  it.skipIf(!hasAnalyze)(
    'accepts the unit (skipped where systemd-analyze is not installed)',
    () => {
      const standIn = join(temp, 'subflow');
      writeFileSync(standIn, '#!/bin/sh\n');
      chmodSync(standIn, 0o755);
      const copy = join(temp, 'subflow-agent.service');
      writeFileSync(copy, text.replace('ExecStart=/opt/Subflow/subflow ', `ExecStart=${standIn} `));
      const result = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // And the shipped one fails only for the missing app, nothing else.
      const shipped = spawnSync('systemd-analyze', ['verify', inProject(UNIT)], {
        encoding: 'utf8',
      });
      expect(shipped.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/Command \/opt\/Subflow\/subflow is not executable/),
      ]);
    },
  );
});

describe('the agent unit', () => {
  it('runs the packaged CLI’s agent command with Electron in Node mode, as the helper does', () => {
    const pkg = JSON.parse(readFileSync(inProject('package.json'), 'utf8')) as {
      bin: { subflow: string };
    };
    const app = `/opt/${config.productName}`;
    expect(one('Type')).toBe('simple');
    expect(one('ExecStart')).toBe(
      `${app}/${config.linux.executableName} ${app}/resources/app.asar/${pkg.bin.subflow} agent`,
    );
    expect(one('Environment')).toBe('ELECTRON_RUN_AS_NODE=1');
    expect(config.extraResources).toContainEqual({
      from: UNIT,
      to: 'systemd/subflow-agent.service',
    });
  });

  it('gives the agent the directories the code uses: /run/subflow, /var/lib/subflow, /etc/subflow', () => {
    expect(one('RuntimeDirectory')).toBe('subflow');
    expect(rendezvousPath({})).toBe(`/run/${one('RuntimeDirectory') ?? ''}/agent.json`);
    expect(one('StateDirectory')).toBe('subflow');
    expect(agentStateDir({})).toBe(`/var/lib/${one('StateDirectory') ?? ''}`);
    // systemd tells the service its state directory; the agent follows it.
    expect(agentStateDir({ STATE_DIRECTORY: '/var/lib/other' })).toBe('/var/lib/other');
    expect(one('ConfigurationDirectory')).toBe('subflow');
    expect(configDir({})).toBe(`/etc/${one('ConfigurationDirectory') ?? ''}`);
    expect(one('ReadWritePaths')).toBe('/etc/subflow');
    // The choices file must stay readable by the app running as the user.
    expect(one('UMask')).toBe('0022');
  });

  it('is hardened as relied on', () => {
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('read-only');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('RestrictAddressFamilies')?.split(' ').sort()).toEqual([
      'AF_INET',
      'AF_INET6',
      'AF_NETLINK',
      'AF_UNIX',
    ]);
    expect(one('CapabilityBoundingSet')?.split(' ').sort()).toEqual([
      'CAP_CHOWN',
      'CAP_DAC_READ_SEARCH',
      'CAP_NET_ADMIN',
      'CAP_SYS_PTRACE',
    ]);
    // Doctor fixes write net.mptcp.* sysctls; V8 needs writable-executable memory.
    expect(service.has('ProtectKernelTunables')).toBe(false);
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('runs as root (no User=) and joins multi-user.target once enabled', () => {
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
    expect(service.has('User')).toBe(false);
  });
});
