/**
 * Places as case data holds them: a free-text street address and/or coordinates. Pure helpers to tell
 * whether two cases are about the same place (possible duplicates at intake).
 */

/** Common US street-address words and their usual abbreviations: "North Main Street" = "N Main St". */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  street: 'st',
  avenue: 'ave',
  av: 'ave',
  boulevard: 'blvd',
  road: 'rd',
  drive: 'dr',
  place: 'pl',
  court: 'ct',
  lane: 'ln',
  terrace: 'ter',
  highway: 'hwy',
  parkway: 'pkwy',
  circle: 'cir',
  square: 'sq',
  way: 'way',
};

/**
 * The street line of an address, comparable across spellings: lower case, accents and punctuation
 * gone, usual abbreviations, without what follows the first comma (city, state) or a trailing ZIP code.
 * "16815 West Vanowen Street, Van Nuys, CA 91406" → "16815 w vanowen st". Empty when nothing is left.
 */
export function normaliseAddress(address: string): string {
  const street = address.split(',')[0] ?? '';
  const words = street
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  if (words.length > 1 && /^\d{5}(\d{4})?$/.test(words[words.length - 1] ?? '')) words.pop();
  return words.map((word) => ABBREVIATIONS[word] ?? word).join(' ');
}

/** The all-digit words of an address (house numbers): any spelling of the same address contains them verbatim. */
export function addressNumbers(normalised: string): string[] {
  return normalised.split(' ').filter((word) => /^\d+$/.test(word));
}

export interface Coordinates {
  readonly lat: number;
  readonly long: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine; plenty for "within about 100 m"). */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const dLat = rad(b.lat - a.lat);
  const dLong = rad(b.long - a.long);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLong / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box that holds every point within `metres` of the centre (a cheap database prefilter). */
export function boundingBox(
  centre: Coordinates,
  metres: number,
): { minLat: number; maxLat: number; minLong: number; maxLong: number } {
  const dLat = (metres / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.cos(rad(centre.lat));
  const dLong = cos < 1e-6 ? 180 : Math.min(180, dLat / cos);
  return {
    minLat: centre.lat - dLat,
    maxLat: centre.lat + dLat,
    minLong: centre.long - dLong,
    maxLong: centre.long + dLong,
  };
}

export function isCoordinates(lat: unknown, long: unknown): boolean {
  return (
    typeof lat === 'number' &&
    typeof long === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(long) &&
    Math.abs(lat) <= 90 &&
    Math.abs(long) <= 180
  );
}
