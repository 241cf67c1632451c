// `subflow agent`'s command line: loopback only (a --host is refused with where to go instead),
// its port and arguments checked before anything starts, its state directory, and the sentence
// it exits with when it lacks CAP_NET_ADMIN. (Starting it: test/integration/agent.test.ts.)
import { describe, expect, it } from 'vitest';
import {
  agentCommand,
  agentStateDir,
  unprivilegedMessage,
} from '../../../electron/cli/agent-command.js';
import { UsageError } from '../../../electron/cli/command.js';

describe('subflow agent command line', () => {
  it('refuses --host: it listens on 127.0.0.1 only, serve is for other addresses', async () => {
    const run = agentCommand.run(['--host', '0.0.0.0']);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(
      'subflow agent listens on 127.0.0.1 only (the desktop app reaches it there); to serve ' +
        'another address, use subflow serve --host ADDR --allow-remote',
    );
  });

  it('checks --port, --role and stray arguments before starting anything', async () => {
    await expect(agentCommand.run(['--port', '70000'])).rejects.toThrow(
      /--port needs a port number 0–65535, got '70000'/,
    );
    await expect(agentCommand.run(['--role', 'router'])).rejects.toThrow(/--role needs client/);
    await expect(agentCommand.run(['now'])).rejects.toThrow(/unexpected argument 'now'/);
    await expect(agentCommand.run(['--metrics'])).rejects.toBeInstanceOf(UsageError);
  });

  it('is listed with a help text naming the rendezvous file and the sessions directory', () => {
    expect(agentCommand.name).toBe('agent');
    expect(agentCommand.help).toContain('${SUBFLOW_RUN_DIR:-/run/subflow}/agent.json');
    expect(agentCommand.help).toContain('mode 0640, group netdev');
    expect(agentCommand.help).toContain('/var/lib/subflow}}/sessions');
  });
});

describe('agentStateDir', () => {
  it('is SUBFLOW_STATE_DIR, else systemd’s STATE_DIRECTORY (its first entry), else /var/lib/subflow', () => {
    expect(agentStateDir({})).toBe('/var/lib/subflow');
    expect(agentStateDir({ STATE_DIRECTORY: '/var/lib/subflow:/var/lib/other' })).toBe(
      '/var/lib/subflow',
    );
    expect(agentStateDir({ SUBFLOW_STATE_DIR: '/tmp/s', STATE_DIRECTORY: '/var/lib/x' })).toBe(
      '/tmp/s',
    );
    expect(agentStateDir({ SUBFLOW_STATE_DIR: ' ', STATE_DIRECTORY: '' })).toBe('/var/lib/subflow');
  });
});

describe('unprivilegedMessage', () => {
  it('says what is missing and the three ways on', () => {
    expect(unprivilegedMessage('subflow')).toBe(
      'subflow agent needs CAP_NET_ADMIN to re-apply remembered multipath choices and change ' +
        'endpoints: run it as root (sudo subflow agent) or start its service ' +
        '(sudo systemctl enable --now subflow-agent); to watch without changing anything, use ' +
        'subflow serve',
    );
  });
});
