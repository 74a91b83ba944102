import { UserText } from '../components/UserText';
import { TableHead } from '../components/TableHead';
import type { TRoutingPreview, TRoutingPreviewLead } from '../lib/types';
import { NumberRow } from '../ui/NumberRow';
import { csvFileName, downloadText, toCsv } from '../ui/csv';
import type { TDates } from '../ui/DateRange';
import { formatDate } from '../ui/format';
import {
  atCapacity,
  changeText,
  heldByText,
  leadName,
  leftOutText,
  loadCells,
  ownerChanges,
  ownerText,
  PREVIEW_CSV_HEADER,
  PREVIEW_LEAD_COLUMNS,
  PREVIEW_LOAD_COLUMNS,
  previewCsvRows,
  previewSummary,
  routeText,
  skipTexts,
} from './routing-preview-view';

// What routing.preview answered: each lead with who the draft would give it and why, beside who
// holds it today (a lead that would change hands is marked), then the load per rep.

const SHOWN_SKIPS = 3;

function Skips({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <div className="skips small muted">
      Skipped: {lines.slice(0, SHOWN_SKIPS).join('; ')}
      {lines.length > SHOWN_SKIPS && (
        <details>
          <summary>{`${lines.length - SHOWN_SKIPS} more skipped`}</summary>
          <ul>
            {lines.slice(SHOWN_SKIPS).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function LeadRow({ lead }: { lead: TRoutingPreviewLead }) {
  const moves = ownerChanges(lead);
  const detail = [lead.company, lead.name ? lead.email : null].filter(Boolean).join(' · ');
  return (
    <tr className={moves ? 'moves' : undefined}>
      <th scope="row">
        <UserText className="clip lead-name" text={leadName(lead)} hover />
        {detail && <UserText className="clip small muted" text={detail} hover />}
      </th>
      <td className={lead.owner ? 'owner' : 'owner nobody'}>{ownerText(lead)}</td>
      <td>
        <div className="route">{routeText(lead)}</div>
        <Skips lines={skipTexts(lead)} />
      </td>
      <td>{heldByText(lead)}</td>
      <td>{moves ? <span className="pill moves">{changeText(lead)}</span> : changeText(lead)}</td>
    </tr>
  );
}

export function RoutingPreviewResult({ preview, dates }: { preview: TRoutingPreview; dates: TDates }) {
  const leftOut = leftOutText(preview.leftOut);
  const exportCsv = () => downloadText(csvFileName('routing-preview', dates), toCsv(PREVIEW_CSV_HEADER, previewCsvRows(preview)), 'text/csv');
  return (
    <>
      <div className="section-head">
        <p className="muted small">
          Leads handed over from {formatDate(preview.from)} to {formatDate(new Date(Date.parse(preview.to) - 1).toISOString())}, routed by the draft as if they came in now, the rotation where it stands. {previewSummary(preview)}
        </p>
        {preview.leads.length > 0 && (
          <button type="button" className="plain-button" onClick={exportCsv}>
            Download CSV
          </button>
        )}
      </div>
      {leftOut && (
        <p role="note" className="warning-text">
          {leftOut}
        </p>
      )}
      {preview.leads.length === 0 ? (
        <p className="muted">No lead was handed over in this range.</p>
      ) : (
        <div className="preview-columns">
          <div className="table-scroll preview-leads">
            <table className="data preview-table" aria-label="Routing preview by lead">
              <TableHead columns={PREVIEW_LEAD_COLUMNS} />
              <tbody>
                {preview.leads.map((lead) => (
                  <LeadRow key={lead.leadId} lead={lead} />
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <h3 id="routing-load-title">Load per rep</h3>
            <div className="table-scroll">
              <table className="data load-table" aria-labelledby="routing-load-title">
                <TableHead columns={PREVIEW_LOAD_COLUMNS} numbers />
                <tbody>
                  {preview.load.map((row) => {
                    const [name, ...cells] = loadCells(row);
                    return (
                      <NumberRow key={row.userId} className={atCapacity(row) ? 'full' : undefined} head={<UserText className="clip" text={name} hover />} cells={cells} />
                    );
                  })}
                </tbody>
              </table>
            </div>
            <p className="muted small note">Open now: handovers the rep holds open today. Would get: the leads above the draft gives them. A rep at capacity is skipped.</p>
          </div>
        </div>
      )}
    </>
  );
}
