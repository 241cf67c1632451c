// `subflow record`: records a session journal of the watched namespace until Ctrl-C or
// --duration, into the sessions directory or any --out path, and says where it writes.
import { resolve } from 'node:path';
import { MonitorService } from '../monitor/monitor-service.js';
import { Recorder } from '../session/journal-recorder.js';
import { startInSessionsDir } from '../session/recording-controller.js';
import { defaultSessionsDir } from '../session/sessions-dir.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine, positiveNumber } from './command.js';
import { MONITOR_OPTIONS_HELP, monitorOptions, readMonitorOptions } from './monitor-options.js';
import { writeOut, writeErr } from '../terminal-text.js';

const HELP = `Usage: subflow record [--duration S] [--out PATH] [--netns NAME] [--interval MS]

Records a session journal: every tick's snapshot (connections, subflows, interfaces,
endpoints) and path-manager events, until Ctrl-C or --duration. Replay it with
subflow serve --replay PATH, or turn it into a report with subflow report PATH.

Options:
  --duration S      stop after S seconds (default: run until Ctrl-C)
  --out PATH        write the journal here (mode 0600; a regular file there is replaced,
                    anything else refused); default: a new file
                    in ${defaultSessionsDir().replace(process.env['HOME'] ?? '\0', '~')}
${MONITOR_OPTIONS_HELP}`;

export const recordCommand: Command = {
  name: 'record',
  summary: 'record a session journal (snapshots and events) until Ctrl-C or --duration',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      ...monitorOptions,
      duration: { type: 'string' },
      out: { type: 'string' },
    });
    if (positionals.length > 0)
      throw new UsageError(`unexpected argument '${positionals[0] ?? ''}'`);
    const durationS =
      values.duration === undefined ? undefined : positiveNumber('duration', values.duration, 0);
    if (values.out === '') throw new UsageError('--out needs a file path');
    const { netns, intervalMs } = readMonitorOptions(values);

    const monitor = new MonitorService({ netns, intervalMs });
    const failed: { message: string | null } = { message: null };
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolveDone) => (finish = resolveDone));
    const onFailure = (message: string): void => {
      failed.message = message;
      finish();
    };
    let recorder: Recorder | null = null;
    try {
      await monitor.start();
      recorder =
        values.out === undefined
          ? await startInSessionsDir({ monitor, sessionsDir: defaultSessionsDir(), onFailure })
          : await Recorder.start({ monitor, path: resolve(values.out), onFailure });
      writeOut(
        `Recording to ${recorder.path} every ${intervalMs} ms${durationS === undefined ? '' : ` for ${durationS} s`} (Ctrl-C stops)\n`,
      );
      const timer = durationS === undefined ? null : setTimeout(finish, durationS * 1000);
      process.once('SIGINT', finish);
      process.once('SIGTERM', finish);
      await done;
      if (timer) clearTimeout(timer);
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      recorder.stop();
    } finally {
      recorder?.stop();
      await monitor.stop();
    }
    const error = failed.message ?? recorder.error;
    if (error !== null) {
      writeErr(`subflow: ${error}\n`);
      return 1;
    }
    const info = recorder.info();
    writeOut(`Recorded ${info.ticks} ticks (${info.bytes} bytes) to ${info.path}\n`);
    return 0;
  },
};
