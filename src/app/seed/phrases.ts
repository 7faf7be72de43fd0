import type { Rng } from './random.ts';

/**
 * Synthetic text for seeded answers and commitments: short bokmål sentences assembled from phrases
 * about groups of pupils. No names, no numbers: nothing here can point at a real person.
 */

const GROUPS = [
  'Gruppen som strever med brøk',
  'Elevene som leser sakte',
  'Halvparten av klassen',
  'De fleste elevene på trinnet',
  'Gruppen med nyankomne elever',
  'Elevene som ofte er borte',
  'Lesegruppen på mellomnivå',
  'Elevene som trenger mer utfordring',
  'Gruppen som jobber med skriving',
  'De stille elevene i klasserommet',
  'Elevene i matematikkverkstedet',
  'Gruppen som har begynt med engelsk',
] as const;

const OBSERVATIONS = [
  'har fått bedre flyt i lesingen siden sist',
  'viser mer utholdenhet i oppgavene',
  'trenger fortsatt tydelige modeller før de jobber selv',
  'deltar mer i samtalene når vi bruker læringspar',
  'blander sammen begrepene vi har jobbet med',
  'mestrer grunnleggende ferdigheter, men ikke overføring',
  'fungerer bedre sosialt i friminuttene',
  'får til mer når oppgavene er delt opp i små steg',
  'har et tydelig løft i muntlige presentasjoner',
  'mister oppmerksomheten i lange økter',
] as const;

const EVIDENCE = [
  'Det ser vi i exit-lappene fra denne uka',
  'Det viser den korte felles prøven',
  'Vi ser det i skriveloggene',
  'Det kom fram i elevsamtalene',
  'Observasjonene fra uteskolen tyder på det samme',
  'Kartleggingen peker i samme retning',
  'Vi har sammenlignet elevarbeid på tvers av klassene',
  'Det stemmer med det foreldrene forteller',
] as const;

const NEXT_STEPS = [
  'Vi prøver tilpasset opplæring i mindre grupper neste uke.',
  'Vi lager felles kriterier og viser dem fram for elevene.',
  'Vi bytter rundt på hvem som har gruppen, så flere ser den.',
  'Vi følger opp med en kort samtale med hver gruppe.',
  'Vi tar det opp på teammøtet og blir enige om ett tiltak.',
  'Vi bruker mer konkretiseringsmateriell i starten av timen.',
  '',
  '',
] as const;

const COMMITMENTS = [
  'Gi lesegruppen ti minutter høytlesing med veiledning hver dag',
  'Innføre exit-lapp i matematikk i alle klassene på trinnet',
  'Lage en felles skriveramme for fagtekster',
  'Prøve ut læringspar i norsktimene i tre uker',
  'Samle elevarbeid fra gruppen til neste teammøte',
  'Dele opp oppgavene i små steg for gruppen som strever',
  'Starte hver økt med repetisjon av nøkkelbegreper',
  'Bytte observasjon i hverandres timer en gang',
] as const;

const TRIGGERS = [
  'Når vi starter en ny økt',
  'Hver mandag i første time',
  'Etter hvert teammøte',
  'Når gruppen jobber selvstendig',
  'I starten av hver matematikktime',
] as const;

const EVIDENCE_PLANS = [
  'Exit-lapper fra gruppen',
  'Korte notater fra observasjonene',
  'Elevarbeid vi tar med til teammøtet',
  'Resultatet på den felles prøven',
  'Elevenes egne vurderinger',
] as const;

const IMPACTS = [
  'Flere i gruppen klarte oppgavene uten hjelp.',
  'Elevene snakket mer om det de lærte.',
  'Vi så liten endring og justerer tiltaket.',
  'Tydelig fremgang i lesingen for de fleste.',
] as const;

/** One answer: a group, what the team sees, how it knows, and sometimes what it does next. */
export function answerBody(rng: Rng): string {
  const next = rng.pick(NEXT_STEPS);
  const body = `${rng.pick(GROUPS)} ${rng.pick(OBSERVATIONS)}. ${rng.pick(EVIDENCE)}.`;
  return next ? `${body} ${next}` : body;
}

export function commitmentText(rng: Rng): { what: string; trigger: string; evidence: string } {
  return { what: rng.pick(COMMITMENTS), trigger: rng.pick(TRIGGERS), evidence: rng.pick(EVIDENCE_PLANS) };
}

export const impactText = (rng: Rng): string => rng.pick(IMPACTS);

const SCHOOL_HEADS = ['Bru', 'Kvel', 'Lind', 'Sol', 'Tyr', 'Vest', 'Ask', 'Mor', 'Fjel', 'Hau', 'Rim', 'Sva'];
const SCHOOL_TAILS = [
  'vik',
  'berg',
  'haug',
  'dal',
  'lia',
  'bakken',
  'mo',
  'ås',
  'sletta',
  'tun',
  'nes',
  'eng',
];
const SCHOOL_MIDDLES = ['', 're', 'sta', 'ne'];

/** An invented school name: syllables, so no place and no person is named on purpose. */
export function schoolName(index: number): string {
  const head = SCHOOL_HEADS[index % SCHOOL_HEADS.length];
  const tail = SCHOOL_TAILS[Math.floor(index / SCHOOL_HEADS.length) % SCHOOL_TAILS.length];
  const middle = SCHOOL_MIDDLES[Math.floor(index / (SCHOOL_HEADS.length * SCHOOL_TAILS.length))];
  return `${head}${middle ?? ''}${tail} skole`;
}
