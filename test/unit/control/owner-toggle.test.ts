import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EndpointOwnerInfo } from '../../../electron/contract.js';
import { choiceStore } from '../../../electron/control/choices-file.js';
import { setMultipathWithOwner } from '../../../electron/control/owner-toggle.js';
import type { Nmcli, NmcliOutput } from '../../../electron/control/owner-toggle.js';
import { endpoint } from '../../fixtures/monitor/samples.js';
import { FakeKernel } from './fake-kernel.js';

const recorded = (name: string): string =>
  readFileSync(new URL(`../../fixtures/nmcli/${name}`, import.meta.url), 'utf8');
const nm: EndpointOwnerInfo = { name: 'NetworkManager', detail: 'NetworkManager runs here' };
const mptcpd: EndpointOwnerInfo = { name: 'mptcpd', detail: 'mptcpd runs here' };
const okOut = (stdout = ''): NmcliOutput => ({ code: 0, stdout, stderr: '' });

/** A NetworkManager stand-in answering with recorded nmcli outputs; reapply sets the endpoint. */
function fakeNm(kernel: FakeKernel, device: string, onReapply?: () => void) {
  const calls: string[] = [];
  const nmcli: Nmcli = (args) => {
    calls.push(args.join(' '));
    if (args.includes('device') && args.includes('show')) return Promise.resolve(okOut(device));
    if (args.includes('connection.mptcp-flags') && args.includes('show'))
      return Promise.resolve(okOut(recorded('mptcp-flags-g.txt')));
    if (args[0] === 'device' && args[1] === 'reapply') onReapply?.();
    return Promise.resolve(okOut());
  };
  return { calls, nmcli, kernel };
}

const ACTIVE = 'GENERAL.STATE:100 (connected)\nGENERAL.CONNECTION:lab-blue\n';

describe('a toggle on an interface another program owns', () => {
  it('goes through NetworkManager: profile flags, reapply, then the kernel read back', async () => {
    const kernel = new FakeKernel();
    const { calls, nmcli } = fakeNm(kernel, ACTIVE, () => {
      kernel.endpoints = [endpoint(1, '203.0.113.1', ['subflow', 'backup'], 5)];
    });
    const result = await setMultipathWithOwner(kernel, 'blue-c', 'backup', { owner: nm, nmcli });
    expect(calls).toEqual([
      '-t -f GENERAL.STATE,GENERAL.CONNECTION,GENERAL.CON-UUID device show blue-c',
      '-g connection.mptcp-flags connection show lab-blue',
      'connection modify lab-blue connection.mptcp-flags enabled,also-without-default-route,subflow,backup',
      'device reapply blue-c',
    ]);
    expect(kernel.changes).toEqual([]); // Subflow itself changed no endpoint
    expect(result.mode).toBe('backup');
    expect(result.notes[0]).toMatch(/^set through NetworkManager: profile lab-blue now has/);
  });

  it('remembers a mode set through NetworkManager for the profile, by its UUID', async () => {
    const kernel = new FakeKernel();
    const { nmcli } = fakeNm(kernel, recorded('device-active-t.txt'), () => {
      kernel.endpoints = [endpoint(1, '203.0.113.1', ['subflow', 'backup'], 5)];
    });
    const dir = mkdtempSync(join(tmpdir(), 'sf-owner-toggle-'));
    try {
      const store = choiceStore(dir, () => 7);
      await setMultipathWithOwner(kernel, 'blue-c', 'backup', {
        owner: nm,
        nmcli,
        remember: { store, netns: null, profile: null },
      });
      expect((await store.load()).choices).toEqual([
        {
          netns: null,
          interface: 'blue-c',
          profile: { uuid: '38c4fc60-5a23-463c-ad3e-6b711861c92b', name: 'Pixel hotspot' },
          mode: 'backup',
          time: 7,
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says so when NetworkManager took the flags but the kernel did not follow', async () => {
    const kernel = new FakeKernel();
    const { nmcli } = fakeNm(kernel, ACTIVE);
    await expect(
      setMultipathWithOwner(kernel, 'blue-c', 'backup', { owner: nm, nmcli, followMs: 300 }),
    ).rejects.toThrow(/kernel still reports on on blue-c: check 'nmcli device show blue-c'/);
  });

  it('changes the endpoints itself on a device NetworkManager does not manage, and says why', async () => {
    const kernel = new FakeKernel();
    const { nmcli } = fakeNm(kernel, recorded('device-unmanaged-t.txt'));
    const result = await setMultipathWithOwner(kernel, 'blue-c', 'backup', { owner: nm, nmcli });
    expect(result.mode).toBe('backup');
    expect(kernel.changes.map((c) => c.op)).toEqual(['setEndpointFlags']);
    expect(result.notes.at(-1)).toMatch(/does not manage blue-c \(unmanaged\)/);
  });

  it('refuses on a managed device without an active profile, saying what to do', async () => {
    const kernel = new FakeKernel();
    const { nmcli } = fakeNm(kernel, 'GENERAL.STATE:30 (disconnected)\nGENERAL.CONNECTION:\n');
    const refusal = setMultipathWithOwner(kernel, 'blue-c', 'on', { owner: nm, nmcli });
    await expect(refusal).rejects.toMatchObject({ code: 'bad-request' });
    await expect(refusal).rejects.toThrow(/nmcli device connect blue-c/);
    expect(kernel.changes).toEqual([]);
  });

  it("reports nmcli's own refusal", async () => {
    const kernel = new FakeKernel();
    const nmcli: Nmcli = (args) =>
      Promise.resolve(
        args[1] === 'modify'
          ? {
              code: 2,
              stdout: '',
              stderr: 'Error: failed to modify connection.mptcp-flags: invalid option',
            }
          : okOut(args.includes('device') ? ACTIVE : '0x2a'),
      );
    await expect(
      setMultipathWithOwner(kernel, 'blue-c', 'on', { owner: nm, nmcli }),
    ).rejects.toThrow(/exit 2\): Error: failed to modify connection.mptcp-flags/);
  });

  it('under mptcpd changes the endpoints and says mptcpd sets its own flags on comeback', async () => {
    const kernel = new FakeKernel();
    const result = await setMultipathWithOwner(kernel, 'blue-c', 'backup', { owner: mptcpd });
    expect(result.mode).toBe('backup');
    expect(result.notes.at(-1)).toMatch(/mptcpd gives it those flags again/);
  });
});
