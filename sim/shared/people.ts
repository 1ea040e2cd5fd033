// Seeded people for every simulator: names in many scripts, their romanized forms for logins and
// emails, and unique email local parts. A share of generated people carry names in Latin with
// diacritics, Cyrillic, Greek, CJK, Hangul, Arabic, Hebrew or Devanagari, because evidence (CSV, PDF,
// hashes, linking by name) must survive real rosters, not just ASCII ones.
import type { SeededRandom } from './random.ts';

export type NameScript =
  'latin' | 'latin-diacritics' | 'cyrillic' | 'greek' | 'cjk' | 'hangul' | 'arabic' | 'hebrew' | 'devanagari';

/** A name and how its bearer spells it in ASCII (logins, email local parts). */
type Named = readonly [native: string, ascii: string];

interface ScriptPool {
  first: readonly Named[];
  last: readonly Named[];
  /** Family name first, no space (Chinese, Japanese, Korean display names). */
  familyFirst?: boolean;
}

// prettier-ignore
const POOLS: Record<Exclude<NameScript, 'latin'>, ScriptPool> = {
  'latin-diacritics': {
    first: [['Łukasz', 'lukasz'], ['Zoë', 'zoe'], ['José', 'jose'], ['Søren', 'soren'], ['Ångström', 'angstrom'], ['Çağla', 'cagla'], ['Đorđe', 'dorde'], ['Renée', 'renee'], ['Jürgen', 'jurgen'], ['Ioana', 'ioana'], ['Nguyễn', 'nguyen'], ['Thảo', 'thao'], ['Eliška', 'eliska'], ['Ōtani', 'otani'], ['Françoise', 'francoise'], ['Þórunn', 'thorunn']],
    last: [['Wałęsa', 'walesa'], ['Müller', 'muller'], ['Dvořák', 'dvorak'], ['Øster', 'oster'], ['Gonçalves', 'goncalves'], ['Şahin', 'sahin'], ['Ní Bhriain', 'nibhriain'], ['Núñez', 'nunez'], ['Kovačević', 'kovacevic'], ['Lefèvre', 'lefevre'], ['Trần', 'tran'], ['Håkansson', 'hakansson'], ['Szőke', 'szoke'], ['Großmann', 'grossmann'], ["D'Ambrosio", 'dambrosio'], ['Ó Súilleabháin', 'osuilleabhain']],
  },
  cyrillic: {
    first: [['Иван', 'ivan'], ['Анна', 'anna'], ['Дмитрий', 'dmitriy'], ['Ольга', 'olga'], ['Сергей', 'sergey'], ['Татьяна', 'tatyana'], ['Юлія', 'yuliia'], ['Богдан', 'bohdan'], ['Ёлка', 'yolka'], ['Милица', 'milica']],
    last: [['Иванов', 'ivanov'], ['Смирнова', 'smirnova'], ['Кузнецов', 'kuznetsov'], ['Попова', 'popova'], ['Шевченко', 'shevchenko'], ['Коваленко', 'kovalenko'], ['Петровић', 'petrovic'], ['Щербаков', 'shcherbakov']],
  },
  greek: {
    first: [['Γιώργος', 'giorgos'], ['Μαρία', 'maria'], ['Δημήτρης', 'dimitris'], ['Ελένη', 'eleni'], ['Νίκος', 'nikos'], ['Σοφία', 'sofia']],
    last: [['Παπαδόπουλος', 'papadopoulos'], ['Οικονόμου', 'oikonomou'], ['Γεωργίου', 'georgiou'], ['Καραγιάννη', 'karagianni'], ['Βασιλείου', 'vasileiou']],
  },
  cjk: {
    familyFirst: true,
    first: [['伟', 'wei'], ['芳', 'fang'], ['秀英', 'xiuying'], ['浩然', 'haoran'], ['翔太', 'shota'], ['陽菜', 'hina'], ['健一', 'kenichi'], ['美咲', 'misaki']],
    last: [['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陳', 'chen'], ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['渡邊', 'watanabe']],
  },
  hangul: {
    familyFirst: true,
    first: [['민준', 'minjun'], ['서연', 'seoyeon'], ['지호', 'jiho'], ['하은', 'haeun'], ['도윤', 'doyun']],
    last: [['김', 'kim'], ['이', 'lee'], ['박', 'park'], ['최', 'choi'], ['정', 'jung']],
  },
  arabic: {
    first: [['محمد', 'mohammed'], ['فاطمة', 'fatima'], ['أحمد', 'ahmed'], ['عائشة', 'aisha'], ['يوسف', 'youssef'], ['ليلى', 'layla'], ['عمر', 'omar']],
    last: [['العلي', 'alali'], ['حداد', 'haddad'], ['المصري', 'almasri'], ['الخطيب', 'alkhatib'], ['منصور', 'mansour'], ['ناصر', 'nasser']],
  },
  hebrew: {
    first: [['נועה', 'noa'], ['איתי', 'itai'], ['תמר', 'tamar'], ['יונתן', 'yonatan'], ['שירה', 'shira']],
    last: [['כהן', 'cohen'], ['לוי', 'levi'], ['מזרחי', 'mizrahi'], ['פרץ', 'peretz'], ['ביטון', 'biton']],
  },
  devanagari: {
    first: [['आरव', 'aarav'], ['प्रिया', 'priya'], ['विवान', 'vivaan'], ['अनन्या', 'ananya'], ['रोहन', 'rohan'], ['दीपिका', 'deepika']],
    last: [['शर्मा', 'sharma'], ['वर्मा', 'verma'], ['गुप्ता', 'gupta'], ['पटेल', 'patel'], ['सिंह', 'singh'], ['जोशी', 'joshi']],
  },
};

/** The scripts a generated person may be named in besides plain Latin, with their relative weights. */
export const NON_LATIN_SCRIPT_WEIGHTS: Readonly<Record<Exclude<NameScript, 'latin'>, number>> = {
  'latin-diacritics': 4,
  cyrillic: 2,
  cjk: 2,
  devanagari: 2,
  arabic: 1,
  hangul: 1,
  greek: 1,
  hebrew: 1,
};

const ROMANIZED = new Map<string, string>();
for (const pool of Object.values(POOLS))
  for (const [native, ascii] of [...pool.first, ...pool.last]) ROMANIZED.set(native, ascii);

/** Default share of people named outside plain Latin. */
export const DEFAULT_UNICODE_SHARE = 0.2;

export interface PersonName {
  firstName: string;
  lastName: string;
  /** How the provider would show the name: family name first for CJK and Hangul. */
  displayName: string;
  script: NameScript;
  /** ASCII spellings for logins and email local parts (`lukasz`, `ivanov`). */
  asciiFirst: string;
  asciiLast: string;
}

export interface NameOptions {
  /** The plain-Latin pools (a simulator's own catalog). */
  latinFirst: readonly string[];
  latinLast: readonly string[];
  /** Share of people named in another script or with diacritics; default 0.2. */
  unicodeShare?: number;
}

/** Lowercase ASCII of a name: its known romanization, else the name without accents and symbols. */
export function asciiName(name: string): string {
  const known = ROMANIZED.get(name);
  if (known !== undefined) return known;
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .replace(/[Đđ]/g, 'd')
    .replace(/[Þþ]/g, 'th')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function createNameGenerator(rng: SeededRandom, options: NameOptions): () => PersonName {
  const share = options.unicodeShare ?? DEFAULT_UNICODE_SHARE;
  if (!(share >= 0 && share <= 1)) throw new Error(`unicodeShare must be within [0, 1], got ${share}`);
  const scripts = Object.keys(NON_LATIN_SCRIPT_WEIGHTS) as Array<Exclude<NameScript, 'latin'>>;
  const total = scripts.reduce((sum, s) => sum + NON_LATIN_SCRIPT_WEIGHTS[s], 0);
  const pickScript = (): Exclude<NameScript, 'latin'> => {
    let roll = rng.next() * total;
    for (const script of scripts) {
      roll -= NON_LATIN_SCRIPT_WEIGHTS[script];
      if (roll < 0) return script;
    }
    return scripts[scripts.length - 1] as Exclude<NameScript, 'latin'>;
  };
  return () => {
    if (!rng.chance(share)) {
      const firstName = rng.pick(options.latinFirst);
      const lastName = rng.pick(options.latinLast);
      return {
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`,
        script: 'latin',
        asciiFirst: asciiName(firstName),
        asciiLast: asciiName(lastName),
      };
    }
    const script = pickScript();
    const pool = POOLS[script];
    const [firstName, asciiFirst] = rng.pick(pool.first);
    const [lastName, asciiLast] = rng.pick(pool.last);
    return {
      firstName,
      lastName,
      displayName: pool.familyFirst ? `${lastName}${firstName}` : `${firstName} ${lastName}`,
      script,
      asciiFirst,
      asciiLast,
    };
  };
}

/** A display name from its parts: family name first, unspaced, for CJK and Hangul names. */
export function joinName(firstName: string, lastName: string): string {
  const script = scriptOf(lastName + firstName);
  return script === 'cjk' || script === 'hangul' ? `${lastName}${firstName}` : `${firstName} ${lastName}`;
}

/** Which script a name is written in (by its letters), for tests and statistics. */
export function scriptOf(text: string): NameScript {
  if (/[\u0400-\u04ff]/.test(text)) return 'cyrillic';
  if (/[\u0370-\u03ff]/.test(text)) return 'greek';
  if (/[\uac00-\ud7af]/.test(text)) return 'hangul';
  if (/[\u3040-\u30ff\u4e00-\u9fff]/.test(text)) return 'cjk';
  if (/[\u0600-\u06ff]/.test(text)) return 'arabic';
  if (/[\u0590-\u05ff]/.test(text)) return 'hebrew';
  if (/[\u0900-\u097f]/.test(text)) return 'devanagari';
  if (/[^\p{ASCII}]/u.test(text)) return 'latin-diacritics';
  return 'latin';
}

/**
 * Unique email local parts: `first.last`, then `first.last2`, `first.last3`... Case-insensitive, as
 * mailboxes are.
 */
export class LocalParts {
  private readonly seen = new Map<string, number>();

  take(base: string): string {
    const key = base.toLowerCase();
    const count = this.seen.get(key) ?? 0;
    this.seen.set(key, count + 1);
    return count === 0 ? base : `${base}${count + 1}`;
  }

  /** Marks an address's local part as taken (people supplied from another system). */
  reserve(localPart: string): void {
    const key = localPart.toLowerCase();
    this.seen.set(key, Math.max(1, this.seen.get(key) ?? 0));
  }
}
