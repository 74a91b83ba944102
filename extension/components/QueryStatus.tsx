import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorText } from './ErrorText';

/** A query's first load, announced, and its failure in words; nothing once it has data. */
export function QueryStatus({ query }: { query: Pick<UseQueryResult<unknown>, 'isLoading' | 'error'> }) {
  return (
    <>
      {query.isLoading && (
        <p role="status" className="muted">
          Loading…
        </p>
      )}
      {query.error && <ErrorText error={query.error} />}
    </>
  );
}
