import { deleteSavedView, findSavedView, listSavedViews, SAVED_VIEWS_PER_USER, saveView } from '../../db';
import { createTestUser } from '../support/test-users';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let t: TestDatabase;
let alice = '';
let bob = '';
beforeAll(async () => {
  t = await createTestDatabase();
  alice = (
    await createTestUser(t.db, {
      username: 'views-alice',
      displayName: 'A',
      password: 'a long enough password',
      roles: ['staff'],
    })
  ).id;
  bob = (
    await createTestUser(t.db, {
      username: 'views-bob',
      displayName: 'B',
      password: 'a long enough password',
      roles: ['staff'],
    })
  ).id;
});
afterAll(async () => t.drop());

const now = new Date('2026-12-04T10:00:00Z');

describe('saved work-list views', () => {
  it('keeps views per person; saving a name again replaces its query', async () => {
    const first = await saveView(t.db, { userId: alice, name: 'Late', query: 'list=team&overdue=yes', now });
    await saveView(t.db, { userId: alice, name: 'Bulky', query: 'list=unassigned&service=service-complaint', now });
    const replaced = await saveView(t.db, { userId: alice, name: 'Late', query: 'list=mine&overdue=yes', now });
    expect(replaced?.id).toBe(first?.id);
    expect(await listSavedViews(t.db, alice)).toEqual([
      { id: expect.any(String) as unknown, name: 'Bulky', query: 'list=unassigned&service=service-complaint' },
      { id: first?.id, name: 'Late', query: 'list=mine&overdue=yes' },
    ]);
    expect(await listSavedViews(t.db, bob)).toEqual([]);
    // Another person can neither read nor delete them.
    expect(await findSavedView(t.db, bob, first!.id)).toBeUndefined();
    expect(await deleteSavedView(t.db, bob, first!.id)).toBe(false);
    expect(await deleteSavedView(t.db, alice, first!.id)).toBe(true);
    expect((await listSavedViews(t.db, alice)).map((view) => view.name)).toEqual(['Bulky']);
  });

  it('stops at the per-person limit, even under concurrent saves, but still replaces by name', async () => {
    const saves = await Promise.all(
      Array.from({ length: SAVED_VIEWS_PER_USER + 5 }, (_, i) =>
        saveView(t.db, { userId: bob, name: `View ${i}`, query: 'list=team', now }),
      ),
    );
    expect(saves.filter((saved) => saved !== undefined)).toHaveLength(SAVED_VIEWS_PER_USER);
    expect(await listSavedViews(t.db, bob)).toHaveLength(SAVED_VIEWS_PER_USER);
    const kept = (await listSavedViews(t.db, bob))[0];
    expect(await saveView(t.db, { userId: bob, name: kept.name, query: 'list=mine', now })).toEqual({
      id: kept.id,
      name: kept.name,
      query: 'list=mine',
    });
  });
});
