import { UserText } from '../components/UserText';

/** The other addresses a custom site's page shows, for the rep to switch the sidebar to. */
export function OtherAddresses({ emails, onChoose }: { emails: string[]; onChoose: (email: string) => void }) {
  return (
    <section aria-label="Other addresses on this page">
      <h3>Other addresses on this page</h3>
      <ul className="hs-alternatives">
        {emails.map((email) => (
          <li key={email}>
            <button type="button" className="hs-link" onClick={() => onChoose(email)}>
              <UserText text={email} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
