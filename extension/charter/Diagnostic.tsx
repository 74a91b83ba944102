import { useQuery } from '@tanstack/react-query';
import { QueryStatus } from '../components/QueryStatus';
import { UserText } from '../components/UserText';
import { request } from '../lib/messaging';
import type { TDiagnosticQuestion } from '../lib/types';
import { ANSWER_WORDS, DIAGNOSTIC_QUESTIONS, leakSentence } from './diagnostic-view';

// The source articles' four-question diagnostic, "is revenue breaking at the handoff?",
// answered by the server from the data (charter.diagnostic), at the top of the studio: each
// answer in words on its colour, the figures behind it, and where revenue leaks.

/** The popup's pill colours: on track, warning, breached. */
const ANSWER_TONES: Record<TDiagnosticQuestion['answer'], string> = { yes: 'on_track', partly: 'warning', no: 'breached' };

export function Diagnostic() {
  // Under ['charter']: a sign-off, which refreshes the charter, refreshes the answers too.
  const diagnostic = useQuery({ queryKey: ['charter', 'diagnostic'], queryFn: () => request('getDiagnostic') });
  const leak = diagnostic.data ? leakSentence(diagnostic.data.questions) : null;
  return (
    <section className="card" aria-labelledby="diagnostic-title">
      <h2 id="diagnostic-title">Is revenue breaking at the handoff?</h2>
      <p className="muted">The four-question diagnostic, answered from the last 90 days of data: a no is a gap where revenue leaks.</p>
      <QueryStatus query={diagnostic} />
      {leak && <p className="warning-text diagnostic-leak">{leak}</p>}
      {diagnostic.data && (
        <div className="table-scroll">
          <table className="data diagnostic-table" aria-label="Handoff diagnostic">
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Answer</th>
                <th scope="col">From the data</th>
              </tr>
            </thead>
            <tbody>
              {diagnostic.data.questions.map((q) => (
                <tr key={q.id}>
                  <td>{DIAGNOSTIC_QUESTIONS[q.id]}</td>
                  <td>
                    <span className={`pill ${ANSWER_TONES[q.answer]}`}>{ANSWER_WORDS[q.answer]}</span>
                  </td>
                  <td>
                    {/* It names people and the charter: shown as text, never as markup. */}
                    <UserText text={q.evidence} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
