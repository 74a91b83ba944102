import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TScaleRow } from './harness';

// The Markdown report of `npm run bench -- --scale`: one table of every figure, then one
// line per figure saying what it measures.

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export interface TReportContext {
  command: string;
  machine: string;
  notes: string[];
}

export function scaleReport(rows: TScaleRow[], context: TReportContext): string {
  const lines = [
    '# Handshake at scale',
    '',
    `\`${context.command}\` — ${context.machine}. Every figure is next to a baseline measured in the same run; absolute figures move with the machine's load, the ratios much less.`,
    '',
    '| figure | size | value | baseline | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${[r.figure, r.size, r.value, r.baseline, r.ratio, r.goal, r.met].map(cell).join(' | ')} |`),
    '',
    '## What each figure is',
    '',
  ];
  const explained = new Set<string>();
  for (const row of rows) {
    const key = row.figure.replace(/of [\d,]+ leads/, 'of every lead');
    if (explained.has(key)) continue;
    explained.add(key);
    lines.push(`- **${row.figure}**: ${row.explanation}`);
  }
  if (context.notes.length > 0) lines.push('', '## Notes', '', ...context.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

export async function writeScaleReport(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
