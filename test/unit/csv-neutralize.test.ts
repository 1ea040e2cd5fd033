import { describe, expect, it } from 'vitest';
import { neutralizeCell } from '../../src-main/engine/exports/csv-export.ts';

describe('neutralizeCell', () => {
  it('turns cells a spreadsheet would evaluate into text', () => {
    for (const cell of ['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tcmd', '\rcmd']) {
      expect(neutralizeCell(cell)).toBe(`'${cell}`);
    }
  });

  it('catches full-width triggers and formulas after leading whitespace (OWASP CSV injection)', () => {
    for (const cell of ['＝1+1', '＋1', '－1', '＠SUM(A1)', ' =1+1', '\u3000+1', '\u00a0@x', ' ＝1']) {
      expect(neutralizeCell(cell)).toBe(`'${cell}`);
    }
    expect(neutralizeCell('  plain')).toBe('  plain');
    expect(neutralizeCell('   ')).toBe('   ');
  });

  it('leaves ordinary values alone and renders empty values as empty', () => {
    expect(neutralizeCell('alice@example.com')).toBe('alice@example.com');
    expect(neutralizeCell(42)).toBe('42');
    expect(neutralizeCell(null)).toBe('');
    expect(neutralizeCell(undefined)).toBe('');
    expect(neutralizeCell(false)).toBe('false');
  });
});
