import { displayLine } from '../../shared/display-text';
import type { TDiagnosticQuestion } from '../lib/types';

// The handoff diagnostic in words: the source articles' four questions, each answer as a word
// (never its colour alone), a row's cells, and where revenue leaks. Pure.

export const DIAGNOSTIC_QUESTIONS: Record<TDiagnosticQuestion['id'], string> = {
  definition: 'Do marketing and sales have the same written definition of MQL and SQL?',
  process: 'Is there a documented, automated process for handing off an MQL to sales?',
  visibility: 'Is there a single dashboard that shows MQL-to-SQL conversion rate, handshake speed and lead-acceptance rate?',
  ownership: 'Is there a designated owner (RevOps) responsible for handoff performance?',
};

export const ANSWER_WORDS: Record<TDiagnosticQuestion['answer'], string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

/** A row as the table shows it: the question, the answer in words, the evidence on one line. */
export function diagnosticCells(question: TDiagnosticQuestion): [string, string, string] {
  return [DIAGNOSTIC_QUESTIONS[question.id], ANSWER_WORDS[question.answer], displayLine(question.evidence)];
}

/** "Revenue is leaking at the process gap and the ownership gap.", or null when every answer is yes. */
export function leakSentence(questions: readonly TDiagnosticQuestion[]): string | null {
  const gaps = questions.filter((q) => q.answer !== 'yes').map((q) => `the ${q.gap}`);
  if (gaps.length === 0) return null;
  const listed = gaps.length === 1 ? gaps[0]! : `${gaps.slice(0, -1).join(', ')} and ${gaps.at(-1)!}`;
  return `Revenue is leaking at ${listed}.`;
}
