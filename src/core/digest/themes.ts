/**
 * Themes across what teams chose to share: the words that recur, without any external service. Stop
 * words in bokmål, nynorsk and English are left out, and a word must appear in at least two texts.
 */
const STOP_WORDS = new Set(
  `og i på til av for med som er det den de vi at en et ei ikke men om har var skal kan vil
   fra eller så også etter ved over under mer mest noe noen alle hver denne dette disse hva
   hvordan hvorfor når hvis blir ble være vært sin sitt sine oss våre vår vårt deres dere
   elevene elever eleven uke uken
   og i på til av for med som er det den dei vi at ein eit ikkje men om har var skal kan vil
   frå eller så òg også etter ved over under meir mest noko nokon alle kvar denne dette desse kva
   korleis kvifor når viss blir vart vere vore sin sitt sine oss våre vår vårt deira de elevane
   elevar eleven veke veka
   the and a an of to in on for with as is are was were be been it its we our they their that this
   these those what how why when if not but or so also after by over under more most some all each
   pupils pupil week`.split(/\s+/),
);

export function themesOf(texts: readonly string[], max = 5): string[] {
  const seenIn = new Map<string, number>();
  for (const text of texts) {
    const words = new Set(
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}-]+/u)
        .map((w) => w.replace(/^-+|-+$/g, ''))
        .filter((w) => w.length >= 4 && !STOP_WORDS.has(w) && !/^\d+$/.test(w)),
    );
    for (const word of words) seenIn.set(word, (seenIn.get(word) ?? 0) + 1);
  }
  return [...seenIn.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'nb'))
    .slice(0, max)
    .map(([word]) => word);
}
