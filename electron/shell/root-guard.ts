// Whether the desktop app may start as this user. As root Chromium's sandbox cannot run, so the
// whole renderer would lose its isolation for the sake of a few privileged calls; the app
// refuses unless told explicitly (--allow-root or SUBFLOW_ALLOW_ROOT=1), and then runs without
// the sandbox and says so. The privileged work belongs in the pkexec helper instead.
import { subflowCommand } from '../../native/invocation.js';

/** What the app does about the user it runs as. */
export type RootDecision =
  | { readonly action: 'run' }
  | { readonly action: 'refuse'; readonly message: string }
  /** Run as root anyway: `switches` go to Chromium, `message` to stderr. */
  | { readonly action: 'run-as-root'; readonly message: string; readonly switches: string[] };

/** What {@link rootDecision} looks at. */
export interface RootContext {
  /** The effective user id (process.geteuid()). */
  readonly uid: number;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const ALLOW_ROOT_FLAG = '--allow-root';

export function rootDecision(ctx: RootContext): RootDecision {
  if (ctx.uid !== 0) return { action: 'run' };
  const allowed = ctx.argv.includes(ALLOW_ROOT_FLAG) || ctx.env.SUBFLOW_ALLOW_ROOT === '1';
  if (!allowed) {
    return {
      action: 'refuse',
      message:
        'subflow: refusing to run the desktop app as root: Chromium cannot sandbox its pages ' +
        'as root. Start Subflow as your own user — it asks for administrator rights through ' +
        `pkexec when a change needs them — or use \`sudo ${subflowCommand()} serve\` for a headless agent ` +
        '(pass --allow-root or set SUBFLOW_ALLOW_ROOT=1 to run as root without the sandbox anyway).',
    };
  }
  return {
    action: 'run-as-root',
    message:
      "subflow: running as root WITHOUT Chromium's sandbox (--allow-root); the window's pages " +
      'are less isolated. Prefer running as your own user.',
    switches: ['no-sandbox'],
  };
}
