import { loadConfig } from './app-config';
import { problemsOf } from '../test/support/config-problems';

const TILES = 'https://tiles.example/{z}/{x}/{y}.png';

describe('map configuration', () => {
  it('has no map when MAP_TILE_URL is unset', () => {
    expect(loadConfig({}).map).toBeUndefined();
  });

  it('reads the tile server, attribution, centre and zoom', () => {
    const config = loadConfig({
      MAP_TILE_URL: TILES,
      MAP_ATTRIBUTION: '© Example contributors',
      MAP_CENTRE: '40.7, -74.01',
      MAP_ZOOM: '15',
    });
    expect(config.map).toEqual({
      tileUrl: TILES,
      tileOrigin: 'https://tiles.example',
      attribution: '© Example contributors',
      centre: { latitude: 40.7, longitude: -74.01 },
      zoom: 15,
    });
  });

  it('allows http only for a loopback tile server outside production', () => {
    const local = 'http://127.0.0.1:8080/{z}/{x}/{y}.png';
    expect(loadConfig({ MAP_TILE_URL: local, MAP_ATTRIBUTION: 'x' }).map?.tileOrigin).toBe('http://127.0.0.1:8080');
    expect(problemsOf({ MAP_TILE_URL: 'http://tiles.example/{z}/{x}/{y}.png', MAP_ATTRIBUTION: 'x' })).toContain(
      'MAP_TILE_URL',
    );
    expect(
      problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), MAP_TILE_URL: local, MAP_ATTRIBUTION: 'x' }),
    ).toContain('MAP_TILE_URL');
  });

  it('names every bad map variable', () => {
    expect(problemsOf({ MAP_TILE_URL: 'https://tiles.example/{z}/{x}.png' })).toEqual(
      expect.arrayContaining(['MAP_TILE_URL', 'MAP_ATTRIBUTION']),
    );
    expect(problemsOf({ MAP_TILE_URL: 'not a url', MAP_ATTRIBUTION: 'x' })).toContain('MAP_TILE_URL');
    expect(problemsOf({ MAP_TILE_URL: TILES, MAP_ATTRIBUTION: 'x', MAP_CENTRE: '95,0', MAP_ZOOM: '30' })).toEqual(
      expect.arrayContaining(['MAP_CENTRE', 'MAP_ZOOM']),
    );
  });
});
