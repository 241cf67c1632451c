// Programs a person needs to try MPTCP with ordinary apps. Only `mptcpize` today: most
// programs open plain TCP sockets, and `mptcpize run CMD` is how Debian lets them use MPTCP
// without a rebuild. Its absence breaks nothing Subflow shows, so it is info, not a warning. Pure.
import type { Check, Diagnosis } from './check.js';
import { TOOL_PACKAGES } from '../../native/commands.js';

export const toolsMissing: Check = {
  name: 'tool-missing',
  applies: (input) => (input.missingTools ?? []).length > 0,
  run: ({ input }) =>
    (input.missingTools ?? []).map((tool): Diagnosis => {
      const pkg = TOOL_PACKAGES[tool] ?? tool;
      return {
        finding: {
          id: `tool-missing:${tool}`,
          check: 'tool-missing',
          severity: 'info',
          subject: tool,
          summary:
            `\`${tool}\` is not installed: it runs a program with MPTCP instead of plain TCP ` +
            `(\`${tool} run iperf3 -c HOST\`), for apps that do not ask for MPTCP themselves ` +
            `(the Debian package is ${pkg}).`,
          fix: {
            description: `Install the Debian package ${pkg}.`,
            commands: [`sudo apt-get install ${pkg}`],
            applicable: false,
            notApplicableReason: 'Subflow does not install packages: run the command yourself.',
          },
        },
      };
    }),
};
