import { EMBEDDED_STORE_SCHEMA, embeddedServerStore } from './embedded-store';

describe("the embedded server's store", () => {
  const dir = '/var/lib/civicflow/temporal';
  const url = 'postgres://civicflow:secret@db:5432/civicflow?sslmode=require';

  it('is PGlite in the data directory without DATABASE_URL', () => {
    expect(embeddedServerStore({}, { embeddedDir: dir }, false)).toEqual({ place: 'data-dir', target: dir });
    expect(embeddedServerStore({}, { embeddedDir: dir }, true)).toEqual({ place: 'data-dir', target: dir });
  });

  it("is the application's database, in a schema of its own, when there is one and the directory holds no store", () => {
    const store = embeddedServerStore({ url }, { embeddedDir: dir }, false);
    expect(store.place).toBe('database');
    expect(store.notice).toBeUndefined();
    const target = new URL(store.target);
    expect(target.searchParams.get('schema')).toBe(EMBEDDED_STORE_SCHEMA);
    // The rest of the connection is the application's own.
    expect(target.searchParams.get('sslmode')).toBe('require');
    expect(`${target.protocol}//${target.username}:${target.password}@${target.host}${target.pathname}`).toBe(
      'postgres://civicflow:secret@db:5432/civicflow',
    );
  });

  it('keeps a data directory that already holds workflows, and says so, unless told otherwise', () => {
    const kept = embeddedServerStore({ url }, { embeddedDir: dir }, true);
    expect(kept).toMatchObject({ place: 'data-dir', target: dir });
    expect(kept.notice).toMatch(/keeps using \/var\/lib\/civicflow\/temporal.*TEMPORAL_EMBEDDED_STORE/);

    const told = embeddedServerStore({ url }, { embeddedDir: dir, embeddedStore: 'database' }, true);
    expect(told.place).toBe('database');
    expect(told.notice).toMatch(/not run/);

    expect(embeddedServerStore({ url }, { embeddedDir: dir, embeddedStore: 'data-dir' }, false)).toEqual({
      place: 'data-dir',
      target: dir,
    });
    expect(embeddedServerStore({ url }, { embeddedDir: dir, embeddedStore: 'data-dir' }, true)).toEqual({
      place: 'data-dir',
      target: dir,
    });
  });
});
