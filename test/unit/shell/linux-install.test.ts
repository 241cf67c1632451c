// What the .deb installs beyond the app: its maintainer scripts (electron-builder's duties kept,
// run against a scratch root with stand-ins for the system tools), the polkit policy, the
// privileged helper's wrapper and the agent's systemd unit (installed, never enabled).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALLED_HELPER } from '../../../electron/helper/pkexec.js';
import type { BuilderConfig } from './support/builder-config.js';
import {
  ROOT,
  inProject,
  loadBuilderConfig,
  requireCjs as require,
} from './support/builder-config.js';

/** The parts of jsdom's XML DOM used here (jsdom ships no types). */
interface XmlElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  querySelector(selector: string): XmlElement | null;
}
interface XmlDocument {
  getElementsByTagName(name: string): { readonly length: number };
  querySelectorAll(selector: string): ArrayLike<XmlElement>;
  querySelector(selector: string): XmlElement | null;
}
const { JSDOM } = require('jsdom') as {
  JSDOM: new (
    text: string,
    options: { contentType: string },
  ) => { window: { document: XmlDocument } };
};

let config: BuilderConfig;
const temp = mkdtempSync(join(tmpdir(), 'subflow-install-'));
beforeAll(async () => {
  config = await loadBuilderConfig();
});
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** electron-builder's macro expansion of deb scripts (FpmTarget's writeConfigFile). */
function renderScript(file: string): string {
  const macros: Record<string, string> = { executable: 'subflow', sanitizedProductName: 'Subflow' };
  return readFileSync(file, 'utf8').replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
    const value = macros[name];
    if (value === undefined) throw new Error(`Macro ${name} is not defined`);
    return value;
  });
}

describe('the deb install scripts', () => {
  const templates = join(ROOT, 'node_modules', 'app-builder-lib', 'templates', 'linux');

  it("reproduce electron-builder's templates of this version (re-check them if these change)", () => {
    // build/linux/after-{install,remove}.sh carry these templates' duties; a new electron-builder
    // may add duties, so a changed template must be looked at before the hashes are updated.
    expect(sha256(join(templates, 'after-install.tpl'))).toBe(
      '228d700c9698f3d879d03d395f40aa979ed0729d8b5a376b6fcf35a4a72c6006',
    );
    expect(sha256(join(templates, 'after-remove.tpl'))).toBe(
      'c454c4d77e217575bb5eb6c1dc13147c0be9ec193c41242bee8c8747e5d62801',
    );
    const ours = renderScript(inProject(config.deb.afterInstall));
    for (const duty of [
      'update-alternatives --install',
      'chmod 4755',
      'chrome-sandbox',
      'update-mime-database',
      'update-desktop-database',
      'apparmor_parser --replace',
    ]) {
      expect(ours).toContain(duty);
    }
  });

  it('expand only the macros electron-builder defines, and parse', () => {
    for (const file of [config.deb.afterInstall, config.deb.afterRemove]) {
      const rendered = join(temp, `${file.replace(/\W/g, '_')}.sh`);
      writeFileSync(rendered, renderScript(inProject(file)));
      execFileSync('bash', ['-n', rendered]);
    }
  });

  describe('run against a scratch root', () => {
    const root = join(temp, 'root');
    const bin = join(temp, 'bin');
    const calls = join(temp, 'calls.log');

    /** The rendered script with its absolute paths moved under the scratch root. */
    const rooted = (file: string) =>
      renderScript(inProject(file)).replace(/(['"\s])\/(opt|usr|etc|lib|run)\//g, `$1${root}/$2/`);

    const run = (file: string, ...args: string[]) => {
      const script = join(temp, 'script.sh');
      const text = rooted(file);
      // Nothing may touch the real system: every absolute path must now be under the scratch root.
      expect(text).not.toMatch(/(['"\s])\/(opt|usr|etc|lib|run)\//);
      writeFileSync(script, text);
      return execFileSync('bash', [script, ...args], {
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: temp },
        encoding: 'utf8',
      });
    };

    beforeAll(() => {
      mkdirSync(join(root, 'opt', 'Subflow', 'resources'), { recursive: true });
      mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
      mkdirSync(bin);
      writeFileSync(join(root, 'opt', 'Subflow', 'chrome-sandbox'), '');
      for (const { from, to } of config.extraResources) {
        mkdirSync(join(root, 'opt', 'Subflow', 'resources', to, '..'), { recursive: true });
        writeFileSync(join(root, 'opt', 'Subflow', 'resources', to), readFileSync(inProject(from)));
      }
      // Stand-ins for the system tools: they log their arguments (unshare fails: no user
      // namespaces, so chrome-sandbox must get its SUID mode).
      const tool = (name: string, body: string) => {
        writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${calls}'\n${body}\n`);
        chmodSync(join(bin, name), 0o755);
      };
      tool('update-alternatives', `[ "$1" = --install ] && ln -sf "$4" "$2"; exit 0`);
      tool('unshare', 'exit 1');
      tool('apparmor_status', 'exit 1');
      tool('update-desktop-database', 'exit 0');
      tool('systemctl', 'exit 0');
    });
    const unit = () => join(root, 'lib/systemd/system/subflow-agent.service');
    const systemdRuns = (yes: boolean) => {
      if (yes) mkdirSync(join(root, 'run/systemd/system'), { recursive: true });
      else rmSync(join(root, 'run'), { recursive: true, force: true });
    };
    const systemctlCalls = () =>
      readFileSync(calls, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('systemctl '));
    const clearCalls = () => {
      writeFileSync(calls, '');
    };

    it('after-install links the command, sets chrome-sandbox SUID, installs helper and policy', () => {
      run(config.deb.afterInstall, 'configure');
      const log = readFileSync(calls, 'utf8');
      expect(log).toContain(
        `update-alternatives --install ${root}/usr/bin/subflow subflow ${root}/opt/Subflow/subflow 100`,
      );
      expect(lstatSync(join(root, 'usr', 'bin', 'subflow')).isSymbolicLink()).toBe(true);
      expect(log).toContain('update-desktop-database');
      expect(statSync(join(root, 'opt', 'Subflow', 'chrome-sandbox')).mode & 0o7777).toBe(0o4755);
      const helper = join(root, INSTALLED_HELPER.slice(1));
      expect(statSync(helper).mode & 0o777).toBe(0o755);
      expect(readFileSync(helper, 'utf8')).toBe(
        readFileSync(inProject('build/helper/subflow-helper'), 'utf8'),
      );
      const policy = join(root, 'usr/share/polkit-1/actions/org.subflow.helper.policy');
      expect(statSync(policy).mode & 0o777).toBe(0o644);
    });

    it('after-install installs the agent unit without enabling it; systemctl only under systemd', () => {
      systemdRuns(false);
      clearCalls();
      run(config.deb.afterInstall, 'configure');
      expect(statSync(unit()).mode & 0o777).toBe(0o644);
      expect(readFileSync(unit(), 'utf8')).toBe(
        readFileSync(inProject('build/linux/subflow-agent.service'), 'utf8'),
      );
      expect(systemctlCalls()).toEqual([]);
      systemdRuns(true);
      clearCalls();
      run(config.deb.afterInstall, 'configure');
      // Reloaded, and restarted only if it was already running (try-restart); never enabled.
      expect(systemctlCalls()).toEqual([
        'systemctl daemon-reload',
        'systemctl try-restart subflow-agent.service',
      ]);
      systemdRuns(false);
    });

    it('after-remove stops, disables and removes the agent unit on remove, not on upgrade', () => {
      systemdRuns(true);
      run(config.deb.afterInstall, 'configure');
      clearCalls();
      run(config.deb.afterRemove, 'upgrade');
      expect(existsSync(unit())).toBe(true);
      expect(systemctlCalls()).toEqual([]);
      run(config.deb.afterRemove, 'remove');
      expect(existsSync(unit())).toBe(false);
      expect(systemctlCalls()).toEqual([
        'systemctl disable --now subflow-agent.service',
        'systemctl daemon-reload',
      ]);
      // Without systemd running (a chroot): the enablement links go, offline.
      systemdRuns(false);
      run(config.deb.afterInstall, 'configure');
      clearCalls();
      run(config.deb.afterRemove, 'purge');
      expect(existsSync(unit())).toBe(false);
      expect(systemctlCalls()).toEqual(['systemctl disable subflow-agent.service']);
    });

    it('after-remove keeps the helper on upgrade and removes it on remove', () => {
      run(config.deb.afterInstall, 'configure');
      const helper = join(root, INSTALLED_HELPER.slice(1));
      run(config.deb.afterRemove, 'upgrade');
      expect(existsSync(helper)).toBe(true);
      run(config.deb.afterRemove, 'remove');
      expect(existsSync(helper)).toBe(false);
      expect(existsSync(join(root, 'usr/share/polkit-1/actions/org.subflow.helper.policy'))).toBe(
        false,
      );
      expect(existsSync(join(root, 'usr/lib/subflow'))).toBe(false);
      expect(readFileSync(calls, 'utf8')).toContain(
        `update-alternatives --remove subflow ${root}/opt/Subflow/subflow`,
      );
    });
  });
});

describe('the polkit policy', () => {
  const doc = new JSDOM(readFileSync(inProject('build/polkit/org.subflow.helper.policy'), 'utf8'), {
    contentType: 'text/xml',
  }).window.document;

  it('is well-formed XML with one action for the helper at its installed path', () => {
    expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
    const actions = doc.querySelectorAll('policyconfig > action');
    expect(actions).toHaveLength(1);
    const action = actions[0]!;
    expect(action.getAttribute('id')).toBe('org.subflow.helper');
    const exec = action.querySelector('annotate[key="org.freedesktop.policykit.exec.path"]');
    expect(exec?.textContent).toBe(INSTALLED_HELPER);
  });

  it('asks for an administrator, remembered briefly for the active session', () => {
    expect(doc.querySelector('defaults > allow_active')?.textContent).toBe('auth_admin_keep');
    expect(doc.querySelector('defaults > allow_inactive')?.textContent).toBe('auth_admin');
    expect(doc.querySelector('defaults > allow_any')?.textContent).toBe('auth_admin');
    const message = doc.querySelector('action > message')?.textContent ?? '';
    expect(message).toContain('administrator rights');
    expect(message).toContain('Multipath TCP endpoints');
  });
});

describe('the helper wrapper', () => {
  const wrapper = readFileSync(inProject('build/helper/subflow-helper'), 'utf8');

  it('points at the packaged app, where electron-builder puts it', () => {
    expect(wrapper).toContain(`app_dir=/opt/${config.productName}`);
    expect(wrapper).toContain(`"$app_dir/${config.linux.executableName}"`);
    const pkg = JSON.parse(readFileSync(inProject('package.json'), 'utf8')) as {
      bin: { subflow: string };
    };
    expect(wrapper).toContain(`"$app_dir/resources/app.asar/${pkg.bin.subflow}" helper "$@"`);
    execFileSync('sh', ['-n', inProject('build/helper/subflow-helper')]);
  });

  it('runs the app in Node mode with the helper command and the arguments it was given', () => {
    const app = join(temp, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'subflow'), '#!/bin/sh\necho "RUN_AS_NODE=$ELECTRON_RUN_AS_NODE $*"\n');
    chmodSync(join(app, 'subflow'), 0o755);
    const local = join(temp, 'subflow-helper');
    writeFileSync(local, wrapper.replace('app_dir=/opt/Subflow', `app_dir=${app}`));
    const out = execFileSync('sh', [local, '--stdio', '--netns', 'lab'], {
      env: {},
      encoding: 'utf8',
    });
    expect(out.trim()).toBe(
      `RUN_AS_NODE=1 ${app}/resources/app.asar/dist/electron/cli.js helper --stdio --netns lab`,
    );
  });
});
