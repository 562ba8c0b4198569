import { addressNumbers, boundingBox, distanceMetres, normaliseAddress } from './location';

describe('normaliseAddress', () => {
  it.each([
    ['16815 W Vanowen St, 91406', '16815 w vanowen st'],
    ['16815 West  Vanowen Street', '16815 w vanowen st'],
    ['16815 west vanowen st. 91406', '16815 w vanowen st'],
    ['200 N. Spring St., Los Angeles, CA 90012', '200 n spring st'],
    ['1 César Chávez Avenue', '1 cesar chavez ave'],
    ['  ', ''],
  ])('%s → %s', (raw, normalised) => expect(normaliseAddress(raw)).toBe(normalised));

  it('keeps different places apart', () => {
    expect(normaliseAddress('16817 W Vanowen St')).not.toBe(normaliseAddress('16815 W Vanowen St'));
    expect(normaliseAddress('16815 E Vanowen St')).not.toBe(normaliseAddress('16815 W Vanowen St'));
    expect(addressNumbers('16815 w vanowen st')).toEqual(['16815']);
  });
});

describe('distance', () => {
  it('measures metres and boxes them', () => {
    const cityHall = { lat: 34.05349, long: -118.24257 };
    // 0.0009° of latitude is about 100 m.
    expect(distanceMetres(cityHall, { lat: 34.05439, long: -118.24257 })).toBeGreaterThan(99);
    expect(distanceMetres(cityHall, { lat: 34.05439, long: -118.24257 })).toBeLessThan(101);
    const box = boundingBox(cityHall, 100);
    expect(box.maxLat - cityHall.lat).toBeCloseTo(0.000899, 5);
    expect(box.maxLong - cityHall.long).toBeGreaterThan(box.maxLat - cityHall.lat);
  });
});
