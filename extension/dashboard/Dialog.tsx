import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal dialog (the platform's own <dialog>: focus kept inside, Escape closes), titled, with a Close button. */
export function Dialog({ title, onClose, children, actions }: { title: ReactNode; onClose: () => void; children: ReactNode; actions?: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="drill" aria-labelledby={titleId} onClose={onClose}>
      <div className="section-head">
        <h2 id={titleId}>{title}</h2>
        <span className="spacer" />
        {actions}
        <button type="button" className="plain-button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}
