import { describeError } from '../ui/errors';
import { MessageError } from '../lib/messaging';
import type { TApiError } from '../lib/types';

/** An error in words, announced by screen readers. */
export function ErrorText({ error, className }: { error: TApiError | Error; className?: string }) {
  const apiError: TApiError = error instanceof MessageError ? error.error : error instanceof Error ? { code: 'INTERNAL', message: error.message, field: null } : error;
  return (
    <p role="alert" className={className ?? 'error'}>
      {describeError(apiError)}
    </p>
  );
}
