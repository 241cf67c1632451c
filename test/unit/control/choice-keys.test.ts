// Which remembered choice is in force for an interface (a NetworkManager profile's over the
// interface name's, a profile's only while its device has it active, names only where no profile
// is known), and the migration of the choices file from version 1 (names only) to version 2.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  choiceInForce,
  parseChoices,
  rememberedFor,
  withChoice,
  withoutChoice,
} from '../../../electron/control/choices.js';
import type { MultipathChoice } from '../../../electron/control/choices.js';
import { CHOICES_FILE, choiceStore } from '../../../electron/control/choices-file.js';

const hotspot = { uuid: '38c4fc60-5a23-463c-ad3e-6b711861c92b', name: 'Pixel hotspot' };
const home = { uuid: '0b7e3a52-1d8f-4c55-9a0e-6f2b1c3d4e5f', name: 'Home Wi-Fi' };
const byName: MultipathChoice = { netns: null, interface: 'wlan0', mode: 'on', time: 1 };
const byHotspot: MultipathChoice = {
  netns: null,
  interface: 'wlan0',
  profile: hotspot,
  mode: 'backup',
  time: 2,
};

describe('the choice in force', () => {
  const both = [byName, byHotspot];

  it("is the active profile's over the interface name's", () => {
    expect(choiceInForce(both, null, 'wlan0', hotspot)).toBe(byHotspot);
  });

  it("falls back to the name's when the device has another profile, or none is known", () => {
    expect(choiceInForce(both, null, 'wlan0', home)).toBe(byName);
    expect(choiceInForce(both, null, 'wlan0', null)).toBe(byName);
    expect(choiceInForce([byHotspot], null, 'wlan0', home)).toBeUndefined();
    expect(choiceInForce([byHotspot], null, 'wlan0', null)).toBeUndefined();
  });

  it('follows the profile to another device, and stays in its namespace', () => {
    expect(choiceInForce([byHotspot], null, 'usb0', hotspot)).toBe(byHotspot);
    expect(choiceInForce(both, 'lab', 'wlan0', hotspot)).toBeUndefined();
  });

  it('keeps one choice per key: a profile and a name do not replace each other', () => {
    const list = withChoice(withChoice(both, { ...byHotspot, mode: 'off', time: 3 }), {
      ...byHotspot,
      interface: 'usb0',
      mode: 'on',
      time: 4,
    });
    expect(list).toEqual([byName, { ...byHotspot, interface: 'usb0', mode: 'on', time: 4 }]);
    const key = { netns: null, interface: 'wlan0', profile: hotspot.uuid };
    expect(withoutChoice(both, key)).toEqual([byName]);
    expect(withoutChoice(both, { netns: null, interface: 'wlan0' })).toEqual([byHotspot]);
  });

  it('says the key of a choice in words', () => {
    expect(rememberedFor(byHotspot)).toBe("for profile 'Pixel hotspot'");
    expect(rememberedFor(byName)).toBe('for wlan0');
  });
});

describe('the choices file across versions', () => {
  // What Subflow before profiles wrote (formatChoices of version 1).
  const v1 =
    '{\n  "version": 1,\n  "choices": [\n' +
    '    {"netns":null,"interface":"wlan0","mode":"on","time":1}\n  ]\n}\n';
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'subflow-choice-keys-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a version 1 file as name choices, and writes version 2 at the next change', async () => {
    expect(parseChoices(v1)).toEqual([byName]);
    await writeFile(join(dir, CHOICES_FILE), v1);
    const store = choiceStore(dir, () => 2);
    expect((await store.load()).choices).toEqual([byName]);
    await store.remember(null, 'wlan0', 'backup', hotspot);
    const text = await readFile(join(dir, CHOICES_FILE), 'utf8');
    expect(JSON.parse(text)).toEqual({ version: 2, choices: [byName, byHotspot] });
    expect(parseChoices(text)).toEqual([byName, byHotspot]);
    await store.forget({ netns: null, interface: 'wlan0', profile: hotspot.uuid });
    expect((await store.load()).choices).toEqual([byName]);
  });

  it('refuses a profile in a version 1 file, and leaves a newer version alone', async () => {
    const v1WithProfile = v1.replace('"mode"', `"profile":${JSON.stringify(hotspot)},"mode"`);
    expect(() => parseChoices(v1WithProfile)).toThrow(/choices\.0: Unrecognized key/);
    const v3 = '{"version":3,"choices":[],"rules":[]}';
    await writeFile(join(dir, CHOICES_FILE), v3);
    const store = choiceStore(dir);
    expect((await store.load()).problem).toMatch(/version 3 choices file, written by a newer/);
    await expect(store.remember(null, 'wlan0', 'on')).rejects.toThrow(/newer Subflow/);
    expect(await readFile(join(dir, CHOICES_FILE), 'utf8')).toBe(v3);
  });
});
