import { displayLine } from '../../shared/display-text';

/**
 * What a lead or rep wrote, as text on one line: without bidirectional formatting (an
 * override shows "gnp.exe" as "exe.png") and isolated from the text around it (<bdi>), so a
 * right-to-left name never reorders its neighbours. `hover`: the whole text as a tooltip,
 * where the CSS cuts it to one line.
 */
export function UserText({ text, className, hover = false }: { text: string | null | undefined; className?: string; hover?: boolean }) {
  const clean = displayLine(text ?? '');
  return (
    <bdi className={className} title={hover ? clean : undefined}>
      {clean}
    </bdi>
  );
}
