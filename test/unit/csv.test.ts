import { describe, expect, it } from 'vitest';
import { csvFileName, toCsv } from '../../extension/ui/csv';

describe('CSV export', () => {
  it('writes a header and rows, quoting what needs quoting, numbers as numbers', () => {
    expect(toCsv(['Rep', 'Accepted', 'Rate'], [['Ana "the closer" Silva, EMEA', 12, '66.7%'], ['Ben\nOkafor', 0, null]])).toBe(
      'Rep,Accepted,Rate\n"Ana ""the closer"" Silva, EMEA",12,66.7%\n"Ben\nOkafor",0,\n',
    );
  });

  it('makes text a spreadsheet would run as a formula inert, and leaves negative numbers alone', () => {
    const csv = toCsv(['Lead', 'Delta'], [['=HYPERLINK("http://evil.example","x")', -3], ['+1 555', 4], ['@SUM(A1)', 0], ['-2+3', 1]]);
    expect(csv.split('\n').slice(1, 5)).toEqual(["\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",-3", "'+1 555,4", "'@SUM(A1),0", "'-2+3,1"]);
  });

  it('names the file for what it holds and its dates', () => {
    expect(csvFileName('reps', { from: '2026-11-01', to: '2026-11-30' })).toBe('handshake-reps-2026-11-01-to-2026-11-30.csv');
    expect(csvFileName('funnel-source', {})).toBe('handshake-funnel-source.csv');
  });
});
