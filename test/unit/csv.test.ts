import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/shared/csv';
import { neutralizeFormula } from '../../src/shared/formula-guard';

describe('csv', () => {
  it('quotes cells holding quotes, commas or line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
  });

  it('writes numbers, booleans and empty values plainly', () => {
    expect(csvCell(-1250)).toBe('-1250');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['1', 'x,y'],
          [2, null],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n2,\r\n');
  });
});

describe('formula guard after line breaks', () => {
  it('guards the start of every line inside a cell, full-width signs included', () => {
    expect(neutralizeFormula('a\n=1')).toBe("a\n'=1");
    expect(neutralizeFormula('a\r+1')).toBe("a\r'+1");
    expect(neutralizeFormula('a\r\n-1')).toBe("a\r\n'-1");
    expect(neutralizeFormula('\n@x')).toBe("'\n'@x");
    expect(neutralizeFormula('＝1')).toBe("'＝1");
    expect(neutralizeFormula('a\n＠x')).toBe("a\n'＠x");
    expect(neutralizeFormula('plain\ntext')).toBe('plain\ntext');
    expect(csvCell('a\n=1')).toBe(`"a\n'=1"`);
  });
});
