import { describe, expect, it } from 'vitest';
import {
  type PrivacyWarningKind,
  privacyWarnings,
  SPECIAL_CATEGORY_TERMS,
} from '../../../src/core/pii/warnings.ts';

const kinds = (text: string): PrivacyWarningKind[] => privacyWarnings(text).map((w) => w.kind);
const flags = (kind: PrivacyWarningKind) => (text: string) => kinds(text).includes(kind);

function termsIn(text: string): string[] {
  const warning = privacyWarnings(text).find((w) => w.kind === 'special_category');
  return warning && 'terms' in warning ? warning.terms : [];
}

describe('privacy warnings', () => {
  it('gives one warning per kind, in a fixed order, and repeats no contact detail it found', () => {
    const text =
      'Eleven Ola Nordmann har ADHD og dysleksi. Mor: kari@example.no, tlf 912 34 567 eller 22334455.';
    expect(privacyWarnings(text)).toEqual([
      { kind: 'email' },
      { kind: 'phone' },
      { kind: 'pupil_name' },
      { kind: 'special_category', terms: ['ADHD', 'dysleksi'] },
    ]);
  });

  it('says nothing about ordinary team talk', () => {
    for (const text of [
      'Gruppen på 24 elever jobber med brøk, mål 3 av 5.',
      'Vi møtes 2026-11-23 kl. 14:00 i rom 204.',
      'Elevane las høgt i par. Neste veke prøver vi stasjonar.',
      'The pupils worked on fractions in pairs on Monday.',
    ]) {
      expect(privacyWarnings(text), text).toEqual([]);
    }
    // The same kind of sentences with something to warn about.
    expect(kinds('Gruppen på 24 elever, kontakt ola@skole.no')).toEqual(['email']);
  });

  it('finds an e-mail address in nb, nn and en, but not a mention or a half address', () => {
    const email = flags('email');
    expect(email('Send det til ola.nordmann@skole.no.')).toBe(true);
    expect(email('Ho skreiv frå kari_n+skule@post.bygd.kommune.no i går')).toBe(true);
    expect(email('Her mum wrote from <mailto:anna@example.com|anna@example.com>')).toBe(true);
    expect(email('Øyvind skriv til øyvind@bærum.no')).toBe(true);
    expect(email('a@b')).toBe(false);
    expect(email('a@b.c')).toBe(false);
    expect(email('ola@skole.')).toBe(false);
    expect(email('Spør @ola eller <@U123ABC> i tråden')).toBe(false);
  });

  it('finds an 8-digit phone number in the ways Norwegians write it', () => {
    const phone = flags('phone');
    for (const text of [
      'Ring far på 22334455.',
      'Mor har telefon 22 33 44 55',
      'Mobilen til mora er 912 34 567',
      'tlf: 9123 4567',
      'Call +47 22334455 after school',
      'Ring +4791234567',
      'Ring 0047 22 33 44 55',
      'Ring 004791234567',
      'nummer (91234567)',
    ]) {
      expect(phone(text), text).toBe(true);
    }
  });

  it('does not take counts, dates, times, identity numbers or number lists for a phone number', () => {
    const phone = flags('phone');
    for (const text of [
      'Gruppen på 24 elever jobber med brøk',
      'Frist 2026-11-23, møte 23.11.2026 kl. 14:00',
      'Datoen 20261123 eller 23112026',
      'kl. 20.00-21.30 på kveldsskolen',
      'Skoleåret 2025 2026',
      'Fødselsnummeret 01819010001 skal aldri hit',
      'Se 018190 10001',
      'Konto 1234 56 78901, org.nr 974 760 673',
      'Poeng: 22 33 44 55 66',
      'Startar med 0: 01234567, med 1: 12345678',
      'Kr 3,22334455 og 22334455-7',
    ]) {
      expect(phone(text), text).toBe(false);
    }
    expect(phone('Se 018190 10001, ring 22334455')).toBe(true);
  });

  it('finds a first name and surname next to a pupil word, before or after it', () => {
    const pupilName = flags('pupil_name');
    for (const text of [
      'Eleven Ola Nordmann trenger mer tid.',
      'Ola Nordmann (elev) var borte.',
      'Ola Nordmann er en flink elev.',
      'Elev: Kari Nordmann, 8B',
      'Elevane Anne-Lise Berg og Per Olsen jobba saman.',
      'Vi ser at eleven vår, Siri Haugen, strevar.',
      'The pupil Emma Hansen finished early.',
      "Noah Smith's work as a student has improved.",
      'Two students, Liam Jones and Mia Brown, were absent.',
    ]) {
      expect(pupilName(text), text).toBe(true);
    }
  });

  it('does not take a sentence start, one capital word or the names of things for a pupil’s name', () => {
    const pupilName = flags('pupil_name');
    for (const text of [
      'Eleven Jobber godt med brøk.',
      'Eleven Ola jobbar godt.',
      'Ola jobber godt, sier eleven.',
      'Elevene var i Oslo. I Bergen regnet det.',
      'Vi tok med elevane. Trondheim Spektrum var stengt.',
      'Elevene leverer i Google Classroom.',
      'Elevane brukte Microsoft Teams og Refleks.',
      'The pupils finished on Monday. Next Week we start again.',
      "The student's mum, Mrs Smith, called.",
      'The students read English Literature.',
      'Elevene, Ola, Nordmann og Kari jobbet.',
      'ELEVEN OLA NORDMANN',
      'Ola Nordmann har gode idear om undervisning.',
    ]) {
      expect(pupilName(text), text).toBe(false);
    }
    // With the surname, the same sentence does name a pupil.
    expect(pupilName('Eleven Ola Nordmann jobbar godt.')).toBe(true);
  });

  it('names the special-category words it finds, in nb', () => {
    expect(
      termsIn('Han har fått ADHD-diagnosen, og vi har sendt bekymringsmelding til barnevernet.'),
    ).toEqual(['ADHD', 'diagnosen', 'bekymringsmelding', 'barnevernet']);
    expect(
      termsIn('Venter på sakkyndig vurdering fra PPT før enkeltvedtaket om spesialundervisning.'),
    ).toEqual(['sakkyndig vurdering', 'PPT', 'enkeltvedtaket', 'spesialundervisning']);
    expect(termsIn('Autisme, dysleksi, epilepsi og medisinene hans. IOP-en er klar.')).toEqual([
      'autisme',
      'dysleksi',
      'epilepsi',
      'medisinene',
      'IOP',
    ]);
  });

  it('names the special-category words it finds, in nn and en', () => {
    expect(
      termsIn(
        'Diagnosane hennar, den sakkunnige vurderinga frå PP-tenesta og einskildvedtaket om medisinar.',
      ),
    ).toEqual(['diagnosane', 'sakkunnige vurderinga', 'PP-tenesta', 'einskildvedtaket', 'medisinar']);
    expect(termsIn('Barnevernet fekk bekymringsmeldinga. Spesialundervisninga held fram.')).toEqual([
      'barnevernet',
      'bekymringsmeldinga',
      'spesialundervisninga',
    ]);
    expect(
      termsIn('She was diagnosed with autism and epilepsy; child welfare and her IEP; special education.'),
    ).toEqual(['diagnosed', 'autism', 'epilepsy', 'child welfare', 'IEP', 'special education']);
    expect(termsIn('Dyslexia, his medication, the educational psychological service.')).toEqual([
      'dyslexia',
      'medication',
      'educational psychological service',
    ]);
  });

  it('matches whole words in any case and spacing, and names each word once', () => {
    expect(termsIn('adhd, Adhd og ADHD')).toEqual(['ADHD']);
    expect(termsIn('Kontakt PP tjenesten eller pp-tjenesten')).toEqual(['PP-tjenesten']);
    expect(termsIn('Sakkyndig\n  vurdering')).toEqual(['sakkyndig vurdering']);
    expect(termsIn('Ein dysleksivennleg skule og medisinrommet')).toEqual([]);
    expect(termsIn('Medisinsk: diagnosene')).toEqual(['medisinsk', 'diagnosene']);
  });

  it('reads "ppt" as PowerPoint and only the capitals as the PP service', () => {
    expect(termsIn('Jeg la ut ppt-en fra timen')).toEqual([]);
    expect(termsIn('Han er meldt opp til PPT')).toEqual(['PPT']);
  });

  it('names every listed term by its own spelling', () => {
    for (const form of SPECIAL_CATEGORY_TERMS) {
      expect(termsIn(`Om ${form}.`), form).toEqual([form]);
    }
  });

  it('returns on 100 KB of hostile input', () => {
    const hostile = [
      'a.'.repeat(50_000),
      `a@${'b.'.repeat(50_000)}`,
      `x@a${'-'.repeat(100_000)}`,
      '22 '.repeat(33_000),
      'Eleven '.repeat(14_000),
      `${'Ola '.repeat(25_000)}!`,
      'PP-'.repeat(33_000),
      'sakkyndig '.repeat(10_000),
    ];
    for (const text of hostile) {
      expect(privacyWarnings(text)).toEqual([]);
    }
    expect(kinds(`${'x'.repeat(100_000)} eleven Ola Nordmann ola@skole.no`)).toEqual(['email', 'pupil_name']);
  });
});
