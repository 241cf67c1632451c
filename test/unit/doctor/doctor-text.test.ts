// The report as terminal text: what was looked at, the closing line for a clean report, notes
// only, and a fix that cannot be applied here (its reason printed under its commands).
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../electron/contract.js';
import { reportText } from '../../../electron/doctor/doctor-text.js';

const base: DoctorReport = {
  time: 0,
  netns: null,
  privileged: false,
  checks: ['mptcp-disabled', 'rp-filter'],
  findings: [],
};

describe('reportText', () => {
  it('says what was checked and that all is clear', () => {
    expect(reportText(base)).toEqual([
      'MPTCP setup of this host (no CAP_NET_ADMIN: fixes are shown, not applied)',
      'Checked: mptcp-disabled, rp-filter',
      '',
      'All clear: 2 checks found nothing to fix.',
    ]);
  });

  it('lists notes, and a fix that cannot be applied with its reason and no apply hint', () => {
    const report: DoctorReport = {
      ...base,
      findings: [
        {
          id: 'endpoint-manager:NetworkManager',
          check: 'endpoint-manager',
          severity: 'info',
          summary: 'NetworkManager runs here.',
          fix: {
            description: 'Stop it.',
            commands: ['nmcli connection modify CONNECTION connection.mptcp-flags disabled'],
            applicable: false,
            notApplicableReason: 'Subflow does not reconfigure NetworkManager',
          },
        },
      ],
    };
    expect(reportText(report).slice(2)).toEqual([
      '',
      'Notes (1):',
      '  endpoint-manager:NetworkManager  NetworkManager runs here.',
      '      fix: Stop it.',
      '      $ nmcli connection modify CONNECTION connection.mptcp-flags disabled',
      '      (not applied by Subflow here: Subflow does not reconfigure NetworkManager)',
      '',
      'No errors or warnings (0 errors, 0 warnings, 1 note).',
    ]);
  });
});
