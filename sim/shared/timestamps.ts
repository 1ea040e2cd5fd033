// Whole-second UTC timestamps for generated orgs, formatted by hand: a 100k-user org needs close to a
// million of them and Date#toISOString dominated generation time. Each simulator picks its provider's
// spelling of the fraction (Okta `.000Z`, Graph `Z`).
const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const isoDays = new Map<number, string>();

/** `2022-04-04T15:56:05` + suffix, for the whole second that contains `ms`. */
export function wholeSecondIso(ms: number, suffix: 'Z' | '.000Z'): string {
  const seconds = Math.floor(ms / 1000);
  const day = Math.floor(seconds / 86_400);
  let date = isoDays.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, date);
  }
  const ofDay = seconds - day * 86_400;
  const h = TWO_DIGITS[Math.floor(ofDay / 3600)] as string;
  const m = TWO_DIGITS[Math.floor((ofDay % 3600) / 60)] as string;
  return `${date}T${h}:${m}:${TWO_DIGITS[ofDay % 60] as string}${suffix}`;
}
