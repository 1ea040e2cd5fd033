import { describe, expect, it } from 'vitest';
import {
  cellText,
  ellipsis,
  fitColumns,
  fitText,
  headerLines,
  toPdfText,
  wrapText,
} from '../../src-main/engine/exports/pdf-layout.ts';

/** One point per character: easy to reason about. */
const measure = (text: string) => text.length;

describe('toPdfText', () => {
  it('keeps every character of every script and puts line breaks and tabs on one line', () => {
    expect(toPdfText('Müller – “Zoë” €5 …')).toBe('Müller – “Zoë” €5 …');
    expect(toPdfText('Żaneta Łukasz ą')).toBe('Żaneta Łukasz ą');
    expect(toPdfText('日本 김민준 محمد דוד अर्जुन')).toBe('日本 김민준 محمد דוד अर्जुन');
    expect(toPdfText('two\nlines\tand tab')).toBe('two lines and tab');
    expect(toPdfText('bell\u0007here')).toBe('bell?here');
    // A dot below typed as its own mark becomes the one letter "ị" (the same text, composed).
    expect(toPdfText('Thi\u0323')).toBe('Thị');
  });
});

describe('wrapText', () => {
  it('breaks at spaces, keeps line breaks, and cuts a word wider than a line', () => {
    expect(wrapText('aaa bbb ccc', 7, measure)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('aaa\nbbb', 10, measure)).toEqual(['aaa', 'bbb']);
    expect(wrapText('abcdefghij', 4, measure)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('breaks between CJK characters, which have no spaces between words', () => {
    expect(wrapText('東京都渋谷区', 4, measure)).toEqual(['東京都渋', '谷区']);
  });
});

describe('cellText', () => {
  it('shows timestamps in UTC and everything else as it is', () => {
    expect(cellText('2024-05-01T10:00:00.000Z')).toBe('2024-05-01 10:00:00');
    expect(cellText('2024-05-01T10:00:00.000Z', true)).toBe('2024-05-01');
    expect(cellText(null)).toBe('');
    expect(cellText(false)).toBe('false');
    expect(cellText(-3.5)).toBe('-3.5');
    expect(cellText('=1+1')).toBe('=1+1');
  });
});

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText('abc', 3, measure)).toBe('abc');
  });

  it('cuts text with an ellipsis so that it fits', () => {
    expect(fitText('abcdefghij', 5, measure)).toBe(`abcd${ellipsis}`);
    expect(fitText('ab   cdefgh', 6, measure)).toBe(`ab${ellipsis}`);
    expect(fitText('abc', 0.5, measure)).toBe('');
  });

  it('never cuts a character outside the BMP in half', () => {
    // "𠮷" is two UTF-16 units; a cut between them would leave a lone surrogate.
    expect(fitText('a𠮷b', 3, measure)).toBe(`a${ellipsis}`);
  });
});

describe('fitColumns', () => {
  it('spreads spare room in proportion when everything fits', () => {
    const widths = fitColumns(
      [
        { natural: 10, minimum: 10 },
        { natural: 30, minimum: 20 },
      ],
      80,
    );
    expect(widths).toEqual([20, 60]);
  });

  it('narrows the widest columns first and keeps narrow ones whole', () => {
    const widths = fitColumns(
      [
        { natural: 20, minimum: 20 },
        { natural: 200, minimum: 40 },
        { natural: 150, minimum: 40 },
      ],
      200,
    );
    expect(widths[0]).toBe(20);
    expect(widths[1]).toBeCloseTo(90, 3);
    expect(widths[2]).toBeCloseTo(90, 3);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(200, 3);
  });

  it('scales minimums down together when even they overflow', () => {
    const widths = fitColumns(
      [
        { natural: 100, minimum: 50 },
        { natural: 100, minimum: 50 },
      ],
      50,
    );
    expect(widths).toEqual([25, 25]);
  });
});

describe('headerLines', () => {
  it('keeps a header on one line when it fits, else breaks it where the name breaks', () => {
    expect(headerLines('status', 10, measure)).toEqual(['status']);
    expect(headerLines('password_changed', 10, measure)).toEqual(['password_', 'changed']);
    expect(headerLines('lastLoginAt', 8, measure)).toEqual(['last', 'LoginAt']);
    expect(headerLines('unbreakableheader', 8, measure)).toEqual([`unbreak${ellipsis}`]);
  });
});
