import { parseAuditSearch } from './audit-search-query';

describe('the audit search query', () => {
  it('reads actor, kind and period', () => {
    const { search, problems } = parseAuditSearch({
      actor: 'records',
      kind: 'auth.',
      from: '2026-03-01',
      to: '2026-04-01T00:00:00Z',
      before: '42',
    });
    expect(problems).toEqual([]);
    expect(search).toEqual({
      actor: 'records',
      kind: 'auth.',
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
      beforeId: 42,
    });
  });

  it('names each bad field', () => {
    const { problems } = parseAuditSearch({ kind: 'DROP TABLE', from: 'yesterday', to: '2026-02-30x', before: '-1' });
    expect(problems.map((p) => p.field)).toEqual(['kind', 'from', 'to', 'before']);
    expect(parseAuditSearch({ from: '2026-04-01', to: '2026-03-01' }).problems).toEqual([
      { field: 'to', message: 'The end of the period must be after its start' },
    ]);
  });
});
