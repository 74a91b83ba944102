import { Connect } from './Connect';
import { MyAlerts } from './MyAlerts';
import { Sites } from './Sites';

// The options page: sign-in, the alerts you get by e-mail, and where the sidebar runs.

export function OptionsPage() {
  return (
    <main>
      <header className="page-head">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <div>
          <h1>Handshake</h1>
          <p className="muted">The MQL→SQL handover, beside your CRM.</p>
        </div>
      </header>
      <Connect />
      <MyAlerts />
      <Sites />
    </main>
  );
}
