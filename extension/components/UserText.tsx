import { displayLine, truncateText } from '../../shared/display-text';

/**
 * What a lead or rep wrote, as text on one line: without bidirectional formatting (an
 * override shows "gnp.exe" as "exe.png") and isolated from the text around it (<bdi>), so a
 * right-to-left name never reorders its neighbours. `hover`: the whole text as a tooltip,
 * where the CSS cuts it; `max`: cut to that many characters, the whole text on hover.
 */
export function UserText({ text, className, hover = false, max }: { text: string | null | undefined; className?: string; hover?: boolean; max?: number }) {
  const clean = displayLine(text ?? '');
  const shown = max === undefined ? clean : truncateText(clean, max);
  return (
    <bdi className={className} title={hover || shown !== clean ? clean : undefined}>
      {shown}
    </bdi>
  );
}
