// "Apps using plain TCP": the processes whose established TCP connections (off loopback) are not
// MPTCP, busiest first, each with the commands that would start it with MPTCP instead.
import { useId } from 'react';
import type { PlainTcpApp } from '../../../../electron/contract.js';
import { formatBytes, formatRate } from '../../format/units.js';
import { useSubflowStore } from '../../store/store.js';
import { Command } from '../states/Command.js';
import './table-bits.css';
import './connections.css';

/** The two ways to start `app` again with MPTCP for its TCP sockets. */
export function mptcpCommands(app: Pick<PlainTcpApp, 'cmdline' | 'name'>): string[] {
  const command = app.cmdline || app.name;
  return [`mptcpize run ${command}`, `subflow run -- ${command}`];
}

function AppRow({ app }: { app: PlainTcpApp }) {
  const units = useSubflowStore((s) => s.settings.units);
  return (
    <tr data-pid={app.pid}>
      <td className="col-app" title={app.cmdline}>
        <span className="app-name">{app.name}</span> <span className="app-pid">{app.pid}</span>
        {app.user !== null && <span className="app-pid"> · {app.user}</span>}
      </td>
      <td className="num">{app.connections}</td>
      <td className="num">{formatRate(app.txRate + app.rxRate, units)}</td>
      <td className="num">{formatBytes(app.bytesSent + app.bytesReceived)}</td>
      <td className="col-run">
        <details>
          <summary>Run with MPTCP</summary>
          {mptcpCommands(app).map((c) => (
            <Command key={c} text={c} />
          ))}
        </details>
      </td>
    </tr>
  );
}

/** The snapshot's plain-TCP apps; nothing when the host does not report them. */
export function PlainTcpApps() {
  const apps = useSubflowStore((s) => s.snapshot?.plainTcpApps);
  const headingId = useId();
  if (apps === undefined) return null;
  return (
    <section className="connections plain-tcp" aria-labelledby={headingId}>
      <div className="connections-bar">
        <h2 id={headingId}>
          Apps using plain TCP <span className="count">({apps.length})</span>
        </h2>
      </div>
      {apps.length === 0 ? (
        <p className="connections-note">
          No app has an established plain TCP connection (loopback aside).
        </p>
      ) : (
        <>
          <table className="connections-table">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col" className="num">
                  Connections
                </th>
                <th scope="col" className="num">
                  Throughput
                </th>
                <th scope="col" className="num">
                  Moved
                </th>
                <th scope="col">How to use MPTCP</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((a) => (
                <AppRow key={a.pid} app={a} />
              ))}
            </tbody>
          </table>
          <p className="connections-note">
            These connections use one path only. Started again under <code>mptcpize run</code> or{' '}
            <code>subflow run --</code>, an app’s TCP sockets become MPTCP sockets (the command line
            is shown as recorded: re-quote arguments that contain spaces).
          </p>
        </>
      )}
    </section>
  );
}
