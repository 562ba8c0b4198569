/**
 * The portal's map (issue 16): the agency's tile server, its attribution and where the map opens.
 * Unset MAP_TILE_URL: no map anywhere (the location is asked in words). Read by loadConfig.
 */

export interface MapConfig {
  /** Tile URL template with {z}, {x} and {y} (https; http only for a loopback host outside production). */
  readonly tileUrl: string;
  /** The tile server's origin: the only extra place the page policy lets images come from. */
  readonly tileOrigin: string;
  /** Credit shown on the map, as the tile provider's terms ask (MAP_ATTRIBUTION, required with the URL). */
  readonly attribution: string;
  readonly centre: { readonly latitude: number; readonly longitude: number };
  readonly zoom: number;
}

export interface MapEnvReader {
  text(name: string): string | undefined;
  problem(variable: string, message: string): void;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const DEFAULT_CENTRE = { latitude: 34.0522, longitude: -118.2437 };
const DEFAULT_ZOOM = 13;

function readCentre(reader: MapEnvReader): MapConfig['centre'] {
  const raw = reader.text('MAP_CENTRE');
  if (raw === undefined) return DEFAULT_CENTRE;
  const match = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(raw);
  const latitude = Number(match?.[1]);
  const longitude = Number(match?.[2]);
  if (!match || Math.abs(latitude) > 85 || Math.abs(longitude) > 180) {
    reader.problem('MAP_CENTRE', `must be "latitude,longitude" in degrees (got ${JSON.stringify(raw)})`);
    return DEFAULT_CENTRE;
  }
  return { latitude, longitude };
}

function readZoom(reader: MapEnvReader): number {
  const raw = reader.text('MAP_ZOOM');
  if (raw === undefined) return DEFAULT_ZOOM;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 19) {
    reader.problem('MAP_ZOOM', `must be an integer between 1 and 19 (got ${JSON.stringify(raw)})`);
    return DEFAULT_ZOOM;
  }
  return Number(raw);
}

export function readMap(reader: MapEnvReader, env: string): MapConfig | undefined {
  const raw = reader.text('MAP_TILE_URL');
  const attribution = reader.text('MAP_ATTRIBUTION');
  const centre = readCentre(reader);
  const zoom = readZoom(reader);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    // The braces are kept as written (URL would escape them in the path).
    url = new URL(raw.replace(/\{([zxy])\}/g, '0'));
  } catch {
    reader.problem('MAP_TILE_URL', 'must be a URL template such as https://tiles.example/{z}/{x}/{y}.png');
    return undefined;
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname) && env !== 'production';
  if (url.protocol !== 'https:' && !loopbackHttp)
    reader.problem('MAP_TILE_URL', 'must be https (http only for a loopback host outside production)');
  else if (!['{z}', '{x}', '{y}'].every((part) => raw.includes(part)))
    reader.problem('MAP_TILE_URL', 'must contain {z}, {x} and {y}');
  else if (url.username !== '' || url.password !== '')
    reader.problem('MAP_TILE_URL', 'must not carry a user name or password');
  if (attribution === undefined) reader.problem('MAP_ATTRIBUTION', 'is required when MAP_TILE_URL is set');
  return { tileUrl: raw, tileOrigin: url.origin, attribution: attribution ?? '', centre, zoom };
}
