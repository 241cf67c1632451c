// `subflow report JOURNAL`: writes a report of a recorded session (HTML, JSON, CSV or PDF) and
// prints the path it wrote. A torn journal still gets its report, with a warning on stderr.
import { REPORT_FORMATS } from '../contract.js';
import type { ReportFormat } from '../contract.js';
import { defaultReportPath, exportReport } from '../report/export-report.js';
import type { Command } from './command.js';
import { UsageError, parseCommandLine } from './command.js';
import { writeOut, writeErr } from '../terminal-text.js';

const HELP = `Usage: subflow report JOURNAL [--format html|json|csv|pdf] [--out FILE]

Writes a report of a session journal recorded by 'subflow record', and prints
the path written.
  html   one self-contained page to mail: summary, throughput charts per
         interface (Curr/Avg/Min/Max/Total), connections and subflows,
         failovers, the event timeline (no network access needed to view it)
  json   everything: the journal's header and ticks, failovers, statistics
  csv    the time series (interfaces, connections, subflows), one row per
         entity per tick
  pdf    the HTML report printed by headless Chromium (Debian's chromium)
The formats are described in electron/report/FORMATS.md.

Options:
  --format F    html (default), json, csv or pdf
  --out FILE    where to write; default: beside the journal, with the
                format's extension`;

function reportFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'html';
  const format = REPORT_FORMATS.find((f) => f === value);
  if (format === undefined)
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got '${value}'`);
  return format;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'write a report of a recorded session (html, json, csv or pdf)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseCommandLine(argv, {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
    });
    const [journal, extra] = positionals;
    if (journal === undefined || journal === '')
      throw new UsageError(
        "give the journal to report on: subflow report JOURNAL (see 'subflow report --help')",
      );
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    const format = reportFormat(values.format);
    if (values.out === '') throw new UsageError('--out needs a file name');
    const out = values.out ?? defaultReportPath(journal, format);
    const outcome = await exportReport({ journal, format, out });
    if (outcome.torn) {
      writeErr(
        `subflow: ${journal} ends with a torn line (the recorder was stopped mid-write); the report covers every complete tick before it\n`,
      );
    }
    writeOut(`${outcome.path}\n`);
    return 0;
  },
};
