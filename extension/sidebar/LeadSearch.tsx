/** Finds a lead by e-mail: where the page names none, or names one Handshake does not know. The text is the panel's, so it outlives the form. */
export function LeadSearch({ search, onSearch, onFind }: { search: string; onSearch: (text: string) => void; onFind: (email: string) => void }) {
  return (
    <form
      className="hs-row"
      onSubmit={(event) => {
        event.preventDefault();
        if (search.trim()) onFind(search.trim());
      }}
    >
      <input aria-label="Find a lead by e-mail" type="email" placeholder="lead@company.com" value={search} onChange={(e) => onSearch(e.target.value)} />
      <button type="submit" className="hs-find">
        Find
      </button>
    </form>
  );
}
