import type { ReactNode } from 'react';

/** A table row of figures: its name as the row's header cell, then each figure right-aligned. */
export function NumberRow({ head, cells, className }: { head: ReactNode; cells: readonly ReactNode[]; className?: string }) {
  return (
    <tr className={className}>
      <th scope="row">{head}</th>
      {cells.map((cell, i) => (
        <td key={i} className="num">
          {cell}
        </td>
      ))}
    </tr>
  );
}
