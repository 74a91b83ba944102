import type { TCharterChange } from './charter-diff';

/** The proposal against the charter in force, one change a line. */
export function ChangesList({ changes, activeVersion }: { changes: readonly TCharterChange[]; activeVersion: number }) {
  return (
    <section className="card changes" aria-labelledby="changes-title">
      <h2 id="changes-title">Changes from version {activeVersion}</h2>
      {changes.length === 0 ? (
        <p className="muted">None yet: the form starts from the charter in force.</p>
      ) : (
        <ul className="change-list" aria-label="Changes">
          {changes.map((change, i) => (
            <li key={i}>{change.text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
