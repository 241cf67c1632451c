// The NetworkManager profile of a device (the key of a profile's remembered choice): parsing what
// `nmcli -g GENERAL.CONNECTION,GENERAL.CON-UUID device show DEV` prints, and the cache that asks
// only where NetworkManager runs and only when told to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ProfileCache,
  lookUpProfile,
  parseDeviceProfile,
  profileArgs,
} from '../../../electron/control/nm-profiles.js';
import type { Nmcli, NmcliOutput } from '../../../electron/control/owner-toggle.js';

// Recorded from nmcli 1.42.4 talking to a NetworkManager 1.42.4 run in a lab namespace with its
// own D-Bus bus: sfchbr0 is a bridge NetworkManager created and activated for the profile
// "Pixel hotspot" (then renamed to `Café: phone\hotspot` for the -colon fixture); lo is
// unmanaged (no profile); "nosuch" does not exist (nmcli exits 10).
const recorded = (name: string): string =>
  readFileSync(new URL(`../../fixtures/nmcli/${name}`, import.meta.url), 'utf8');
const UUID = '38c4fc60-5a23-463c-ad3e-6b711861c92b';
const out = (stdout: string, code = 0, stderr = ''): NmcliOutput => ({ code, stdout, stderr });

describe("a device's NetworkManager profile", () => {
  it('asks for the name and UUID of the active profile', () => {
    expect(profileArgs('wlan0')).toEqual([
      '-g',
      'GENERAL.CONNECTION,GENERAL.CON-UUID',
      'device',
      'show',
      'wlan0',
    ]);
  });

  it('reads the profile, unescaping what -g escapes, and none for a device without one', () => {
    expect(parseDeviceProfile(recorded('device-profile-g.txt'))).toEqual({
      uuid: UUID,
      name: 'Pixel hotspot',
    });
    expect(parseDeviceProfile(recorded('device-profile-colon-g.txt'))).toEqual({
      uuid: UUID,
      name: 'Café: phone\\hotspot',
    });
    expect(parseDeviceProfile(recorded('device-no-profile-g.txt'))).toBeNull();
  });

  it('says what is wrong with output it does not understand', () => {
    expect(() => parseDeviceProfile('Pixel hotspot\n')).toThrow(/printed 1 lines/);
    expect(() => parseDeviceProfile('Pixel hotspot\nnot-a-uuid\n')).toThrow(
      /"not-a-uuid" where the profile's UUID was expected/,
    );
  });

  it('counts a missing device as no profile, and a failing nmcli as a problem', async () => {
    const notFound = recorded('device-not-found-g.txt');
    expect(notFound).toMatch(/rc=10/);
    const nmcli: Nmcli = (args) =>
      Promise.resolve(
        args.at(-1) === 'nosuch'
          ? out('', 10, "Error: Device 'nosuch' not found.")
          : out('', 1, 'Error: NetworkManager is not running.'),
      );
    expect(await lookUpProfile(nmcli, 'nosuch')).toEqual({ profile: null });
    const failed = await lookUpProfile(nmcli, 'wlan0');
    expect(failed.profile).toBeNull();
    expect(failed.problem).toMatch(
      /device show wlan0 failed \(Error: NetworkManager is not running/,
    );
  });
});

describe('the profile cache', () => {
  function counting(text: Record<string, string>) {
    const asked: string[] = [];
    const nmcli: Nmcli = (args) => {
      const device = args.at(-1) ?? '';
      asked.push(device);
      return Promise.resolve(out(text[device] ?? '\n\n'));
    };
    return { asked, nmcli };
  }

  it('runs nmcli only on refresh, never on a read, and only where NetworkManager runs', async () => {
    let runs = true;
    const { asked, nmcli } = counting({ sfchbr0: recorded('device-profile-g.txt') });
    const cache = new ProfileCache(nmcli, () => runs);
    expect(cache.profileOf('sfchbr0')).toBeNull();
    expect(await cache.refresh(['sfchbr0', 'lo'])).toEqual([]);
    for (let i = 0; i < 5; i++) expect(cache.profileOf('sfchbr0')?.name).toBe('Pixel hotspot');
    expect(cache.profileOf('lo')).toBeNull();
    expect(asked).toEqual(['sfchbr0', 'lo']);

    runs = false;
    expect(cache.profileOf('sfchbr0')).toBeNull(); // stale once NetworkManager is gone
    expect(await cache.refresh(['sfchbr0'])).toEqual([]);
    expect(cache.profileOf('sfchbr0')).toBeNull();
    expect(asked).toEqual(['sfchbr0', 'lo']);
  });

  it('forgets a profile the device no longer has, and says when it cannot know', async () => {
    const answers: Record<string, NmcliOutput> = { wlan0: out(recorded('device-profile-g.txt')) };
    const nmcli: Nmcli = (args) => Promise.resolve(answers[args.at(-1) ?? ''] ?? out('\n\n'));
    const cache = new ProfileCache(nmcli, () => true);
    await cache.refresh(['wlan0']);
    expect(cache.profileOf('wlan0')?.uuid).toBe(UUID);
    expect(cache.hasProfile('wlan0')).toBe(true);
    answers.wlan0 = out(recorded('device-no-profile-g.txt'));
    await cache.refresh(['wlan0']);
    expect(cache.profileOf('wlan0')).toBeNull();
    expect(cache.hasProfile('wlan0')).toBe(false); // known: no profile, so not NetworkManager's
    expect(cache.hasProfile('eth9')).toBeUndefined(); // never looked up
    answers.wlan0 = out('', 124, 'Command failed: nmcli … (killed after 2000 ms)');
    const problems = await cache.refresh(['wlan0']);
    expect(cache.hasProfile('wlan0')).toBeUndefined(); // no longer known
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^the NetworkManager profile of wlan0 is unknown: .*; until it is known, only a mode remembered for the name wlan0 applies to it$/,
    );
  });
});
