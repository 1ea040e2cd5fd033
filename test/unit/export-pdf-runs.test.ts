import { describe, expect, it } from 'vitest';
import {
  cjkOrder,
  isStandardText,
  splitRuns,
  visualSegments,
  type Coverage,
  type ScriptFont,
} from '../../src-main/engine/exports/pdf-runs.ts';

/** Coverage like the real fonts': Noto Sans has Latin, Cyrillic, Greek and Devanagari but no Arabic or CJK. */
const notoOnly =
  /[\s\p{P}\p{N}\p{Sm}\p{Sc}\p{Sk}\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Devanagari}]/u;
const scripts: Record<ScriptFont, RegExp> = {
  noto: notoOnly,
  arabic: /[\s\p{P}\p{N}\p{Script=Arabic}]/u,
  hebrew: /[\s\p{P}\p{Script=Hebrew}]/u,
  thai: /[\s\p{P}\p{Script=Thai}]/u,
  // The SC font here lacks 𠮷 (as the real one does); JP has it.
  sc: /[\s\p{P}\p{Script=Han}](?<!𠮷)/u,
  jp: /[\s\p{P}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u,
  kr: /[\s\p{P}\p{Script=Han}\p{Script=Hangul}]/u,
};

function fakeCoverage(): Coverage & { asked: Set<ScriptFont> } {
  const asked = new Set<ScriptFont>();
  return {
    asked,
    has(font, codePoint) {
      asked.add(font);
      return scripts[font].test(String.fromCodePoint(codePoint));
    },
  };
}

const runsOf = (text: string) => splitRuns(text, fakeCoverage()).map((run) => [run.font, run.text]);

describe('isStandardText', () => {
  it('is true only for what Helvetica (WinAnsi) draws', () => {
    expect(isStandardText('Müller – “Zoë” €5 …')).toBe(true);
    expect(isStandardText('Łukasz')).toBe(false);
    expect(isStandardText('王')).toBe(false);
    expect(isStandardText('line\nbreak')).toBe(false);
  });
});

describe('splitRuns', () => {
  it('keeps a Latin, Cyrillic, Greek or Devanagari name in Noto Sans whole, spaces included', () => {
    expect(runsOf('Łukasz Żółć')).toEqual([['noto', 'Łukasz Żółć']]);
    expect(runsOf('Дмитрий Σωκράτης अर्जुन')).toEqual([['noto', 'Дмитрий Σωκράτης अर्जुन']]);
  });

  it('loads no fallback font for text Noto Sans covers', () => {
    const coverage = fakeCoverage();
    splitRuns('Łukasz Дмитрий', coverage);
    expect([...coverage.asked]).toEqual(['noto']);
  });

  it('gives CJK the font the string calls for: kana → Japanese, hangul → Korean, else Chinese', () => {
    expect(runsOf('王小明')).toEqual([['sc', '王小明']]);
    expect(runsOf('山田 やまだ')).toEqual([['jp', '山田 やまだ']]);
    expect(runsOf('김민준 金')).toEqual([['kr', '김민준 金']]);
    expect(cjkOrder('山田')).toEqual(['sc', 'jp', 'kr']);
    // A character the preferred font lacks comes from the next one that has it.
    expect(runsOf('吉𠮷')).toEqual([
      ['sc', '吉'],
      ['jp', '𠮷'],
    ]);
  });

  it('splits mixed strings by script and draws what no font has as "?"', () => {
    expect(runsOf('Team 王 Wang')).toEqual([
      ['noto', 'Team '],
      ['sc', '王 '],
      ['noto', 'Wang'],
    ]);
    expect(runsOf('hi 😀')).toEqual([['noto', 'hi ?']]);
  });

  it('keeps digits out of right-to-left runs, and the space after them with what follows', () => {
    expect(runsOf('محمد علي 42')).toEqual([
      ['arabic', 'محمد علي'],
      ['noto', ' 42'],
    ]);
  });
});

describe('visualSegments', () => {
  const visual = (text: string) =>
    visualSegments(splitRuns(text, fakeCoverage())).map((segment) => segment.text);

  it('lays out right-to-left words right to left', () => {
    expect(visual('محمد علي')).toEqual(['علي', ' ', 'محمد']);
    expect(visual('דוד כהן')).toEqual(['כהן', ' ', 'דוד']);
  });

  it('keeps left-to-right text around a right-to-left name in reading order', () => {
    expect(visual('Team محمد علي')).toEqual(['Team ', 'علي', ' ', 'محمد']);
  });

  it('puts a number after a right-to-left name on its left when the string starts right to left', () => {
    expect(visual('محمد 42')).toEqual([' 42', 'محمد']);
  });

  it('leaves left-to-right strings as they are', () => {
    expect(visual('Łukasz 王小明')).toEqual(['Łukasz ', '王小明']);
  });
});
