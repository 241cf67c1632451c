import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  applyArgs,
  flagsForMode,
  nmCannotExpress,
  parseDeviceShow,
  parseMptcpFlags,
} from '../../../electron/control/nm-flags.js';

// Recorded from nmcli 1.42.4 talking to a NetworkManager 1.42 run in a lab namespace with its own
// D-Bus bus (see the README, "NetworkManager and mptcpd"): the profile lab-blue was added with
// connection.mptcp-flags enabled,also-without-default-route,subflow, then modified to add backup.
const recorded = (name: string): string =>
  readFileSync(new URL(`../../fixtures/nmcli/${name}`, import.meta.url), 'utf8');

describe("NetworkManager's connection.mptcp-flags", () => {
  it('reads what nmcli -g prints (a hex number) as flag names', () => {
    expect(parseMptcpFlags(recorded('mptcp-flags-g.txt'))).toEqual([
      'enabled',
      'also-without-default-route',
      'subflow',
    ]);
    expect(parseMptcpFlags(recorded('mptcp-flags-backup-g.txt'))).toEqual([
      'enabled',
      'also-without-default-route',
      'subflow',
      'backup',
    ]);
    expect(parseMptcpFlags('enabled, signal')).toEqual(['enabled', 'signal']);
    expect(parseMptcpFlags('0x0')).toEqual([]);
    expect(() => parseMptcpFlags('0x100')).toThrow(/unknown bits/);
    expect(() => parseMptcpFlags('bogus')).toThrow(/unknown connection.mptcp-flags bogus/);
  });

  it('chooses flags per mode and role, keeping also-without-sysctl', () => {
    const current = ['enabled', 'also-without-sysctl', 'subflow'];
    expect(flagsForMode('backup', 'client', current)).toEqual([
      'enabled',
      'also-without-sysctl',
      'also-without-default-route',
      'subflow',
      'backup',
    ]);
    expect(flagsForMode('off', 'client', current)).toEqual(['disabled']);
  });

  it('asks for endpoints also without a default route: a second uplink often has none', () => {
    // Seen with NetworkManager 1.42 (test/integration/network-manager.test.ts): with
    // "enabled,subflow" on a device without a default route, the kernel got no endpoint.
    expect(flagsForMode('on', 'server', [])).toEqual([
      'enabled',
      'also-without-default-route',
      'signal',
      'subflow',
    ]);
    expect(flagsForMode('on', 'client', ['disabled'])).toContain('also-without-default-route');
  });

  it('builds the nmcli commands that set the flags and reapply the device', () => {
    expect(applyArgs('lab-blue', 'blue-c', ['enabled', 'subflow', 'backup'])).toEqual([
      ['connection', 'modify', 'lab-blue', 'connection.mptcp-flags', 'enabled,subflow,backup'],
      ['device', 'reapply', 'blue-c'],
    ]);
  });

  it('reads the device state and says when NetworkManager cannot carry the mode', () => {
    const unmanaged = parseDeviceShow(recorded('device-unmanaged-t.txt'));
    expect(unmanaged).toEqual({ state: 10, stateText: 'unmanaged', profile: null, uuid: null });
    expect(nmCannotExpress('blue-c', unmanaged, 'backup')).toMatch(
      /does not manage blue-c \(unmanaged\).*Subflow changes them itself/,
    );
    const idle = parseDeviceShow('GENERAL.STATE:30 (disconnected)\nGENERAL.CONNECTION:\n');
    expect(nmCannotExpress('blue-c', idle, 'on')).toMatch(/nmcli device connect blue-c/);
    const active = parseDeviceShow('GENERAL.STATE:100 (connected)\nGENERAL.CONNECTION:lab-blue\n');
    expect(active.profile).toBe('lab-blue');
    expect(nmCannotExpress('blue-c', active, 'on')).toBeNull();
    expect(() => parseDeviceShow('')).toThrow(/no GENERAL.STATE/);
  });

  // Recorded from nmcli 1.42.4 and a NetworkManager 1.42.4 in a lab namespace, with a bridge it
  // created and activated for the profile "Pixel hotspot" (renamed once to a name with ':' and '\').
  it('reads the active profile and its UUID; -t does not escape the name', () => {
    expect(parseDeviceShow(recorded('device-active-t.txt'))).toEqual({
      state: 100,
      stateText: 'connected',
      profile: 'Pixel hotspot',
      uuid: '38c4fc60-5a23-463c-ad3e-6b711861c92b',
    });
    expect(parseDeviceShow(recorded('device-active-colon-t.txt')).profile).toBe(
      'Café: phone\\hotspot',
    );
  });
});
