import { ErrorText } from '../components/ErrorText';
import { MessageError } from '../lib/messaging';
import { charterFieldErrors } from './draft';
import { fieldLabel } from './labels';

/** A refusal in words: one about fields of the draft names the first as the form does ("SLA, high intent: …") and counts the others. */
export function ActionError({ error }: { error: Error }) {
  const fields = error instanceof MessageError ? charterFieldErrors(error.error) : [];
  const field = fields[0];
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more, each marked at its field)` : '';
  // A conflict here is about a version's state (already active, already signed), not a race: said as the server says it.
  if (error instanceof MessageError && error.error.code === 'CONFLICT') return <ErrorText error={{ ...error.error, code: 'CHARTER_CONFLICT' }} />;
  if (!field) return <ErrorText error={error} />;
  return (
    <p role="alert" className="error">
      The server refused the draft: {field.path ? fieldLabel(field.path) : 'the charter'}: {field.message}
      {more}
    </p>
  );
}
