/**
 * Finds what a teacher should think twice about before posting to the team: an e-mail address, a
 * phone number, a pupil's full name, special-category words (health, child welfare, special needs).
 * Unlike an identity number these are not blocked but warned about with a suggestion to rewrite, so
 * each rule leans towards few false alarms: a warning that cries wolf teaches teachers to ignore it.
 * Rules: reference/privacy-and-calendar.md.
 *
 * All of this runs on whatever anyone types, so no pattern has a quantifier inside a quantified group,
 * and every pattern that can fail late is anchored to the start of a run: matching stays linear on
 * long or hostile input.
 */

export type PrivacyWarningKind = 'email' | 'phone' | 'pupil_name' | 'special_category';

/**
 * Only special_category says what it found: the words, so the message can name them. The others never
 * carry the match, because a warning may be logged and must not hold the personal data it warns about.
 * `terms` are spelled as in SPECIAL_CATEGORY_TERMS (the form that matched), in order of appearance.
 */
export type PrivacyWarning =
  | { kind: 'email' | 'phone' | 'pupil_name' }
  | { kind: 'special_category'; terms: string[] };

/**
 * Each form is listed rather than stemmed: "diagnos" would also catch "diagnostiske prøver", a maths
 * test, and "medisin" the school's "medisinrommet". A space or hyphen in a form matches any run of
 * spaces and hyphens, so "PP-tjenesten" also finds "PP tjenesten". Matching is case-insensitive.
 */
export const SPECIAL_CATEGORY_TERMS: readonly string[] = [
  ...['diagnose', 'diagnosen', 'diagnoser', 'diagnosene', 'diagnosar', 'diagnosane', 'diagnostisert'],
  ...['diagnostiserte', 'diagnosis', 'diagnoses', 'diagnosed'],
  'ADHD',
  ...['autisme', 'autismen', 'autismespekteret', 'autismespekterforstyrrelse', 'autist', 'autisten'],
  ...['autister', 'autistar', 'autistisk', 'autistiske', 'asperger', 'autism', 'autistic'],
  ...['dysleksi', 'dysleksien', 'dyslektiker', 'dyslektikar', 'dyslektisk', 'dyslektiske'],
  ...['dyslexia', 'dyslexic'],
  ...['epilepsi', 'epilepsien', 'epileptiker', 'epileptikar', 'epileptisk', 'epilepsy', 'epileptic'],
  ...['medisin', 'medisinen', 'medisiner', 'medisinene', 'medisinar', 'medisinane', 'medisinert'],
  ...['medisinering', 'medisinsk', 'medisinske', 'medication', 'medications', 'medicated', 'medicine'],
  ...['barnevern', 'barnevernet', 'barneverntjenesten', 'barnevernstjenesten', 'barneverntenesta'],
  ...['barnevernstenesta', 'child welfare', 'child protection', 'child protective services'],
  ...['bekymringsmelding', 'bekymringsmeldingen', 'bekymringsmeldinga', 'bekymringsmeldinger'],
  ...['bekymringsmeldingene', 'bekymringsmeldingar', 'bekymringsmeldingane', 'report of concern'],
  ...['PPT', 'PP-tjenesten', 'PP-tjeneste', 'PP-tenesta', 'PP-teneste', 'pedagogisk-psykologisk tjeneste'],
  ...['pedagogisk-psykologisk teneste', 'educational psychological service'],
  'educational and psychological counselling service',
  ...['sakkyndig vurdering', 'sakkyndige vurderingen', 'sakkyndige vurderinga', 'sakkyndige vurderinger'],
  ...['sakkunnig vurdering', 'sakkunnige vurderinga', 'sakkunnige vurderingar', 'expert assessment'],
  ...['IOP', 'individuell opplæringsplan', 'individuelle opplæringsplaner', 'individuelle opplæringsplanar'],
  ...['IEP', 'individual education plan', 'individualised education plan'],
  'individualized education program',
  ...['enkeltvedtak', 'enkeltvedtaket', 'enkeltvedtakene', 'einskildvedtak', 'einskildvedtaket'],
  ...['einskildvedtaka', 'spesialundervisning', 'spesialundervisningen', 'spesialundervisninga'],
  ...['special education', 'special needs education', 'special educational needs'],
];

/** "ppt" is also a PowerPoint file; only the capitals name the service. */
const CASE_SENSITIVE_TERMS = new Set(['PPT']);

const termKey = (form: string): string => form.toLowerCase().replace(/[\s-]+/g, ' ');
const TERM_BY_KEY = new Map(SPECIAL_CATEGORY_TERMS.map((form) => [termKey(form), form]));

// Longest first, so that "diagnosene" is not read as "diagnose" plus a stray tail.
const SPECIAL_CATEGORY = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...SPECIAL_CATEGORY_TERMS]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.split(/[ -]/).map(escapeRegExp).join('[\\s-]+'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function specialCategoryTerms(text: string): string[] {
  const found = new Set<string>();
  for (const [match] of text.matchAll(SPECIAL_CATEGORY)) {
    const form = TERM_BY_KEY.get(termKey(match));
    if (form && (!CASE_SENSITIVE_TERMS.has(form) || match === form)) found.add(form);
  }
  return [...found];
}

// The local part may only start where a run of address characters starts: otherwise a long run with no
// "@" is rescanned from every position. The domain is checked in code, not with a repeated group.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}][\p{L}\p{N}.-]*/gu;

function containsEmail(text: string): boolean {
  for (const [match] of text.matchAll(EMAIL)) {
    let end = match.length;
    while (end > 0 && '.-'.includes(match[end - 1]!)) end--; // the full stop ending a sentence
    const labels = match.slice(match.indexOf('@') + 1, end).split('.');
    if (labels.length >= 2 && labels.every(Boolean) && /^\p{L}{2,}$/u.test(labels.at(-1)!)) return true;
  }
  return false;
}

// Space, no-break space and narrow no-break space, as pasted from a document.
const SPACE = String.raw`[ \u00a0\u202f]`;
const COUNTRY = String.raw`(?:(?:\+|00)47${SPACE}?)?`;
// Characters that may not touch a number: it is then part of a word, an address, a link's path or query.
const TOUCHING_LEFT = String.raw`[\p{L}\p{N}_@/=&%#]`;
const TOUCHING_RIGHT = String.raw`[\p{L}\p{N}_@]`;

/*
 * Norwegian numbers have 8 digits and never start with 0 or 1, written 22334455, 22 33 44 55,
 * 223 44 555 or 2233 4455, maybe after +47 or 0047. Only spaces separate groups: with dots and hyphens
 * "20.00-21.30" would be a phone. A number touching other digits (11 digits: the identity-number guard's
 * job; 2026-11-23; 3,5) is not one, nor is a spaced group next to a further group (a list of numbers).
 */
const PLAIN_PHONE =
  String.raw`(?<!${TOUCHING_LEFT}|\p{N}[.,:-])${COUNTRY}[2-9]\d{7}` +
  String.raw`(?!${TOUCHING_RIGHT}|[.,:-]\p{N})`;
const GROUPED_PHONE = [
  String.raw`[2-9]\d${SPACE}\d\d${SPACE}\d\d${SPACE}\d\d`,
  String.raw`[2-9]\d\d${SPACE}\d\d${SPACE}\d{3}`,
  String.raw`[2-9]\d{3}${SPACE}\d{4}`,
].join('|');
const PHONE = new RegExp(
  `${PLAIN_PHONE}|` +
    String.raw`(?<!${TOUCHING_LEFT}|\p{N}[.,:-]|\p{N}${SPACE})${COUNTRY}(?:${GROUPED_PHONE})` +
    String.raw`(?!${TOUCHING_RIGHT}|[.,:-]\p{N}|${SPACE}\p{N})`,
  'gu',
);

const DAY = String.raw`(?:0[1-9]|[12]\d|3[01])`;
const MONTH = '(?:0[1-9]|1[0-2])';
const COMPACT_DATE = new RegExp(String.raw`^(?:20\d\d${MONTH}${DAY}|${DAY}${MONTH}(?:19|20)\d\d)$`);

function containsPhone(text: string): boolean {
  for (const [match] of text.matchAll(PHONE)) {
    const digits = match.replace(/\D/g, '');
    if (digits.length > 8) return true; // +47 leaves no doubt
    // Without +47, 20261123 is a date and "2025 2026" a school year.
    if (!COMPACT_DATE.test(digits) && !/^20\d\d\D/.test(match)) return true;
  }
  return false;
}

const PUPIL_WORDS = new Set(
  'elev eleven elevens elever elevene elevenes elevar elevane pupil pupils student students'.split(' '),
);

/**
 * Capitalised words that open sentences or are names of things, not people, in school talk. Months and
 * weekdays that are also first names (April, May, June, August) are left out so the name still counts.
 */
const NOT_NAMES = new Set(
  [
    'i vi han hun ho hen de dei det den dette denne disse desse dere du jeg eg meg oss vår våre vårt min',
    'mitt mine din sin hans hennes hennar deres deira og men eller for fordi at som når da då så om hvis',
    'viss etter før under over med mot på til fra frå av ved hos uten utan mellom gjennom blant neste',
    'forrige førre siste første andre tredje alle mange noen nokre nokon ingen hver kvar hele heile her',
    'der hvor hva kva hvem kven hvordan korleis hvorfor kvifor ja nei hei hallo takk god godt gode bra',
    'fint ok også kanskje nå no snart senere seinare igjen enda ennå endå allerede allereie bare berre',
    'litt mye mykje mer meir mest flere fleire en ei et eit ein klassen gruppen gruppa teamet trinnet',
    'skolen skulen uke uka veke veka lærer læreren læraren kontaktlærer rektor foresatte foreldre',
    'mandag måndag tirsdag tysdag onsdag torsdag fredag lørdag laurdag søndag sundag januar februar mars',
    'juli september oktober november desember jul påske',
    'the a an this that these those our my his her their its we they he she it you and but or so if when',
    'then after before in on at for from with to of by about all some many every each next last first',
    'today tomorrow yesterday hi hello dear thanks yes no mr mrs ms miss dr sir year grade class term',
    'week group team teacher teachers parents mum mom dad english maths math mathematics science',
    'history geography norwegian french german spanish music art biology chemistry physics religion',
    'monday tuesday wednesday thursday friday saturday sunday january february march july september',
    'october november december christmas easter',
    'refleks google microsoft apple teams slack classroom kahoot showbie vigilo visma feide udir',
    'utdanningsdirektoratet kunnskapsløftet fagfornyelsen onenote word excel powerpoint forms docs',
    'meet chromebook minecraft youtube norge noreg norway',
  ]
    .join(' ')
    .split(' '),
);

/** How many words may stand between the pupil word and the name: "eleven vår, Ola Nordmann". */
const NAME_WINDOW = 3;

interface Word {
  text: string;
  /** Only spaces since the word before: "Ola Nordmann" is a name, "Ola, Nordmann" is not. */
  joined: boolean;
}

// A full stop, ! ? or a line break ends a sentence; a name is not looked for across it.
const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'’-]*|[.!?\n]/gu;

function sentences(text: string): Word[][] {
  const result: Word[][] = [[]];
  let previousEnd = -1;
  for (const match of text.matchAll(TOKEN)) {
    if (match[0].length === 1 && '.!?\n'.includes(match[0])) {
      result.push([]);
      previousEnd = -1;
      continue;
    }
    const gap = previousEnd < 0 ? '' : text.slice(previousEnd, match.index);
    previousEnd = match.index + match[0].length;
    result.at(-1)!.push({ text: match[0], joined: /^[ \t\u00a0\u202f]+$/.test(gap) });
  }
  return result;
}

function isPupilWord(word: string): boolean {
  return PUPIL_WORDS.has(word.toLowerCase().replace(/['’]s?$/, '')); // "pupil's", "elevens'"
}

/** Capitalised, not all capitals (ADHD, PPT), letters only (8A), neither a sentence opener nor a thing. */
function isNameLike(word: string): boolean {
  return /^\p{Lu}\p{Ll}[\p{L}'’-]*$/u.test(word) && !NOT_NAMES.has(word.toLowerCase()) && !isPupilWord(word);
}

function isNameAt(words: Word[], first: number): boolean {
  const a = words[first];
  const b = words[first + 1];
  return !!a && !!b && b.joined && isNameLike(a.text) && isNameLike(b.text);
}

// "Eleven Jobber godt": the pupil word itself opens the sentence, so it never counts as half a name,
// and one capitalised word after it is not a name either.
function containsPupilName(text: string): boolean {
  return sentences(text).some((words) =>
    words.some((word, at) => {
      if (!isPupilWord(word.text)) return false;
      for (let gap = 0; gap <= NAME_WINDOW; gap++) {
        if (isNameAt(words, at + 1 + gap) || isNameAt(words, at - 2 - gap)) return true;
      }
      return false;
    }),
  );
}

/** The warnings for one text, at most one per kind, in the order of PrivacyWarningKind. */
export function privacyWarnings(text: string): PrivacyWarning[] {
  const warnings: PrivacyWarning[] = [];
  if (containsEmail(text)) warnings.push({ kind: 'email' });
  if (containsPhone(text)) warnings.push({ kind: 'phone' });
  if (containsPupilName(text)) warnings.push({ kind: 'pupil_name' });
  const terms = specialCategoryTerms(text);
  if (terms.length) warnings.push({ kind: 'special_category', terms });
  return warnings;
}
