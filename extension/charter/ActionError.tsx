import { ErrorText } from '../components/ErrorText';
import { MessageError } from '../lib/messaging';
import { charterFieldError } from './draft';
import { fieldLabel } from './labels';

/** A refusal in words: one about a field of the draft names it as the form does ("SLA, high intent: …"). */
export function ActionError({ error }: { error: Error }) {
  const field = error instanceof MessageError ? charterFieldError(error.error) : null;
  // A conflict here is about a version's state (already active, already signed), not a race: said as the server says it.
  if (error instanceof MessageError && error.error.code === 'CONFLICT') return <ErrorText error={{ ...error.error, code: 'CHARTER_CONFLICT' }} />;
  if (!field) return <ErrorText error={error} />;
  return (
    <p role="alert" className="error">
      The server refused the draft: {field.path ? fieldLabel(field.path) : 'the charter'}: {field.message}
    </p>
  );
}
