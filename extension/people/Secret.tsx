/** A token or key the server shows once: to copy now, never shown again. */
export function Secret({ label, value }: { label: string; value: string }) {
  return (
    <div className="secret" role="status">
      <span>
        {label} (shown once — copy it now): <code aria-label={label}>{value}</code>
      </span>
      <button type="button" className="plain-button" onClick={() => void navigator.clipboard.writeText(value)}>
        Copy
      </button>
    </div>
  );
}
