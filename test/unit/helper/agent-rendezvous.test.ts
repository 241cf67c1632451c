// What the desktop app and a starting agent decide from the facts about the rendezvous file: use
// the agent only when the file was read, holds { url, token, pid } and that pid is alive; say in
// one sentence how to get access when the file is there but unreadable; never start a second agent.
import { describe, expect, it } from 'vitest';
import {
  decideAgentStart,
  decideAgentUse,
  parseRendezvous,
  rendezvousPath,
  rendezvousText,
} from '../../../electron/helper/agent-rendezvous.js';
import type { RendezvousFacts } from '../../../electron/helper/agent-rendezvous.js';

const PATH = '/run/subflow/agent.json';
const INFO = { url: 'http://127.0.0.1:7070/', token: 'agent-token-0123456789', pid: 4242 };
const read = (text: string, alive: readonly number[] = [4242]): RendezvousFacts => ({
  kind: 'read',
  text,
  pidAlive: (pid) => alive.includes(pid),
});

describe('rendezvousPath', () => {
  it('is agent.json in SUBFLOW_RUN_DIR, else in /run/subflow', () => {
    expect(rendezvousPath({})).toBe('/run/subflow/agent.json');
    expect(rendezvousPath({ SUBFLOW_RUN_DIR: '/tmp/sf' })).toBe('/tmp/sf/agent.json');
  });
});

describe('the file text', () => {
  it('round-trips { url, token, pid } and nothing else', () => {
    const text = rendezvousText(INFO);
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(INFO);
    expect(parseRendezvous(text)).toEqual({ ok: true, value: INFO });
  });

  it('says what is wrong with a damaged one', () => {
    expect(parseRendezvous('{"url":')).toEqual({ ok: false, reason: 'is not JSON' });
    expect(parseRendezvous('{"url":"http://x/","token":"t"}')).toEqual({
      ok: false,
      reason: 'does not hold { url, token, pid }',
    });
    expect(parseRendezvous(JSON.stringify({ ...INFO, pid: -1 })).ok).toBe(false);
  });
});

describe('decideAgentUse (the desktop app)', () => {
  it('uses a live agent the file names, at its stream address with its token', () => {
    expect(decideAgentUse(PATH, read(rendezvousText(INFO)))).toEqual({
      use: 'agent',
      pid: 4242,
      target: {
        streamUrl: 'ws://127.0.0.1:7070/api/stream',
        token: INFO.token,
        display: 'http://127.0.0.1:7070/',
      },
    });
  });

  it('stays local without a word when there is no file (no agent installed or running)', () => {
    expect(decideAgentUse(PATH, { kind: 'absent' })).toEqual({ use: 'local', log: null });
  });

  it('stays local and says how to join netdev when the file is not readable', () => {
    const decision = decideAgentUse(PATH, { kind: 'unreadable', code: 'EACCES' });
    expect(decision.use).toBe('local');
    const log = decision.use === 'local' ? (decision.log ?? '') : '';
    expect(log).toContain(PATH);
    expect(log).toContain('sudo adduser $USER netdev');
    expect(log).toContain('log in again');
    // One sentence.
    expect(log.match(/\.(\s|$)/g)).toHaveLength(1);
  });

  it('names another read error as it is, without blaming the group', () => {
    const decision = decideAgentUse(PATH, { kind: 'unreadable', code: 'EISDIR' });
    expect(decision.use === 'local' && decision.log).toMatch(/cannot be read \(EISDIR\)/);
    expect(decision.use === 'local' && decision.log).not.toContain('netdev');
  });

  it('stays local when the agent that wrote the file is gone (a file left behind)', () => {
    const decision = decideAgentUse(PATH, read(rendezvousText(INFO), []));
    expect(decision).toEqual({
      use: 'local',
      log: `${PATH} names the agent pid 4242, where no agent runs any more (a file left behind); the app uses its own helper.`,
    });
  });

  it('stays local on a damaged file or an unusable url, saying which', () => {
    const damaged = decideAgentUse(PATH, read('garbage'));
    expect(damaged.use === 'local' && damaged.log).toMatch(/is not JSON; the agent is not used/);
    const ftp = decideAgentUse(PATH, read(rendezvousText({ ...INFO, url: 'ftp://127.0.0.1/' })));
    expect(ftp.use === 'local' && ftp.log).toMatch(/unusable url \(has the scheme ftp:/);
  });
});

describe('decideAgentStart (a second agent)', () => {
  it('starts when there is no file, a damaged one, a dead pid or its own pid', () => {
    expect(decideAgentStart({ kind: 'absent' }, 1)).toEqual({ ok: true });
    expect(decideAgentStart(read('garbage'), 1)).toEqual({ ok: true });
    expect(decideAgentStart(read(rendezvousText(INFO), []), 1)).toEqual({ ok: true });
    expect(decideAgentStart(read(rendezvousText(INFO)), 4242)).toEqual({ ok: true });
  });

  it('refuses while another live agent is announced, saying how to stop it', () => {
    const start = decideAgentStart(read(rendezvousText(INFO)), 1);
    expect(start).toEqual({
      ok: false,
      message:
        'another subflow agent (pid 4242) is running and announced in its rendezvous file: ' +
        'stop it first (sudo systemctl stop subflow-agent, or kill 4242)',
    });
  });
});
