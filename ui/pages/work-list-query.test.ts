import { caseListQuery, DEFAULT_QUERY, parseWorkListQuery, workListSearch } from './work-list-query';

const parse = (search: string) => parseWorkListQuery(new URLSearchParams(search));

describe('the work list address', () => {
  it('reads the defaults from an empty address and writes them back short', () => {
    expect(parse('')).toEqual({ query: DEFAULT_QUERY, errors: [] });
    expect(workListSearch(DEFAULT_QUERY)).toBe('list=mine');
  });

  it('round-trips every filter, sort and the cursor', () => {
    const search = 'list=unassigned&service=service-complaint&overdue=yes&sort=-created&cursor=abc_123-x';
    const { query, errors } = parse(search);
    expect(errors).toEqual([]);
    expect(workListSearch(query)).toBe(search);
    expect(workListSearch(query, { cursor: '' })).toBe(
      'list=unassigned&service=service-complaint&overdue=yes&sort=-created',
    );
  });

  it('treats the empty fields a GET form sends as "not set"', () => {
    expect(parse('list=team&service=&overdue=&sort=')).toEqual({
      query: { ...DEFAULT_QUERY, list: 'team' },
      errors: [],
    });
  });

  it('names every bad value for the error summary', () => {
    const { errors } = parse('list=all&service=Bad%20Id&overdue=maybe&sort=random&cursor=%21%21');
    expect(errors.map((error) => error.field)).toEqual(['list', 'service', 'overdue', 'sort', 'cursor']);
  });

  it('asks for open cases only, mine / unassigned in my department / my department', () => {
    const person = { id: 'u1', departmentId: 'call-center' };
    const base = { sort: 'sla-due', limit: 50 };
    expect(caseListQuery({ ...DEFAULT_QUERY }, person)).toEqual({
      ...base,
      filter: { closed: false, assigneeId: 'u1' },
    });
    expect(caseListQuery({ ...DEFAULT_QUERY, list: 'unassigned' }, person)).toEqual({
      ...base,
      filter: { closed: false, departmentIds: ['call-center'], assigneeId: null },
    });
    expect(
      caseListQuery({ ...DEFAULT_QUERY, list: 'team', service: 'building-permit', overdue: 'no', cursor: 'c' }, person),
    ).toEqual({
      ...base,
      cursor: 'c',
      filter: { closed: false, departmentIds: ['call-center'], definitionIds: ['building-permit'], overdue: false },
    });
  });
});
