// The rendezvous file on disk: written whole by rename (a reader holding the old file keeps the
// old text, no temporary file remains), mode exactly 0640 whatever the umask, the group set
// before it appears; read into facts (absent / unreadable / read with a live pid); removed only
// while it still names this agent.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { rendezvousText } from '../../../electron/helper/agent-rendezvous.js';
import {
  agentAlive,
  groupIdIn,
  pidAlive,
  readRendezvousFacts,
  removeRendezvous,
  writeRendezvous,
} from '../../../electron/helper/rendezvous-file.js';

const dir = mkdtempSync(join(tmpdir(), 'sf-rendezvous-'));
const INFO = { url: 'http://127.0.0.1:7070/', token: 'agent-token-0123456789', pid: process.pid };
let n = 0;
const fresh = () => join(dir, `run-${++n}`, 'agent.json');
// Setting a umask returns the previous one: read it that way (umask() alone is deprecated).
const savedUmask = process.umask(0o022);
process.umask(savedUmask);
afterEach(() => {
  process.umask(savedUmask);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('writeRendezvous', () => {
  it('creates the directory and writes the text with mode 0640, whatever the umask', () => {
    for (const umask of [0o077, 0o000, 0o022]) {
      process.umask(umask);
      const path = fresh();
      writeRendezvous(path, INFO, null);
      expect(readFileSync(path, 'utf8')).toBe(rendezvousText(INFO));
      expect(statSync(path).mode & 0o777).toBe(0o640);
    }
  });

  it('gives the file to the group asked for', () => {
    // Root may give it any group; anyone else one of their own.
    const gid = process.getuid?.() === 0 ? 4711 : (process.getgid?.() ?? 0);
    const path = fresh();
    writeRendezvous(path, INFO, gid);
    expect(statSync(path).gid).toBe(gid);
  });

  it('replaces a previous file by rename: a reader keeps the whole old text, no temp file stays', () => {
    const path = fresh();
    writeRendezvous(path, { ...INFO, token: 'old-token-000000000000' }, null);
    const before = statSync(path).ino;
    const fd = openSync(path, 'r');
    writeRendezvous(path, INFO, null);
    const buffer = Buffer.alloc(4096);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    closeSync(fd);
    expect(buffer.subarray(0, length).toString('utf8')).toContain('old-token-000000000000');
    expect(statSync(path).ino).not.toBe(before);
    expect(readFileSync(path, 'utf8')).toBe(rendezvousText(INFO));
    expect(readdirSync(join(path, '..'))).toEqual(['agent.json']);
  });

  // Giving the file to a group one is not in fails (EPERM) for anyone but root, who may.
  it.skipIf(process.getuid?.() === 0)('leaves no temporary file when it cannot write', () => {
    const path = fresh();
    mkdirSync(join(path, '..'), { recursive: true });
    expect(() => {
      writeRendezvous(path, INFO, 0);
    }).toThrow(/EPERM/);
    expect(readdirSync(join(path, '..'))).toEqual([]);
  });
});

describe('readRendezvousFacts', () => {
  it('reads the text, with a pid test that asks for a live agent', () => {
    const path = fresh();
    writeRendezvous(path, INFO, null);
    const facts = readRendezvousFacts(path);
    expect(facts.kind).toBe('read');
    if (facts.kind !== 'read') return;
    expect(facts.text).toBe(rendezvousText(INFO));
    expect(facts.pidAlive).toBe(agentAlive);
    expect(readRendezvousFacts(path, pidAlive).kind).toBe('read');
  });

  it('says absent when there is no file or no directory', () => {
    expect(readRendezvousFacts(fresh())).toEqual({ kind: 'absent' });
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    expect(readRendezvousFacts(join(file, 'agent.json'))).toEqual({ kind: 'absent' });
  });

  it('says unreadable, with the code, for a path that cannot be read', () => {
    const path = fresh();
    mkdirSync(path, { recursive: true });
    expect(readRendezvousFacts(path)).toEqual({ kind: 'unreadable', code: 'EISDIR' });
  });
});

describe('pidAlive', () => {
  it('is true for this process and for init (another user’s when not root), false when gone', () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(1)).toBe(true);
    expect(pidAlive(deadPid())).toBe(false);
  });
});

describe('agentAlive', () => {
  it('is true only for a live process whose command line has the agent argument', async () => {
    const agent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', 'agent'], {
      stdio: 'ignore',
    });
    try {
      expect(agentAlive(agent.pid ?? 0)).toBe(true);
      // Alive but something else (a reused pid): this test runner.
      expect(agentAlive(process.pid)).toBe(false);
      expect(agentAlive(deadPid())).toBe(false);
    } finally {
      agent.kill();
      await once(agent, 'exit');
    }
    expect(agentAlive(agent.pid ?? 0)).toBe(false);
  });

  it('trusts existence alone where the command line cannot be read', () => {
    expect(agentAlive(process.pid, join(dir, 'no-proc-here'))).toBe(false);
    mkdirSync(join(dir, 'proc', String(process.pid), 'cmdline'), { recursive: true });
    // EISDIR stands in for a command line hidden by hidepid (EACCES/ESRCH from a real /proc).
    expect(agentAlive(process.pid, join(dir, 'proc'))).toBe(true);
  });
});

describe('removeRendezvous', () => {
  it('removes the file while it names this pid, and leaves a newer agent’s alone', () => {
    const path = fresh();
    writeRendezvous(path, INFO, null);
    expect(removeRendezvous(path, INFO.pid + 1)).toBe(false);
    expect(readRendezvousFacts(path).kind).toBe('read');
    expect(removeRendezvous(path, INFO.pid)).toBe(true);
    expect(readRendezvousFacts(path)).toEqual({ kind: 'absent' });
    expect(removeRendezvous(path, INFO.pid)).toBe(false);
  });
});

describe('groupIdIn', () => {
  it('finds a group by name in /etc/group text', () => {
    const text = 'root:x:0:\nnetdev:x:111:alice,bob\nnetdevs:x:5:\n';
    expect(groupIdIn(text, 'netdev')).toBe(111);
    expect(groupIdIn(text, 'wheel')).toBeNull();
    expect(groupIdIn('netdev:x::\n', 'netdev')).toBeNull();
  });
});
