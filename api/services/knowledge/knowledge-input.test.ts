import {
  dayIn,
  excerpt,
  firstContactShare,
  isCalendarDay,
  readArticleInput,
  readContactInput,
  readScriptQuestions,
  reviewDue,
} from './knowledge-input';

describe('knowledge input', () => {
  const article = {
    title: ' Bulky items ',
    body: 'Line one\r\nline two',
    keywords: '',
    language: 'es',
    service: '',
    reviewBy: '2027-03-31',
    public: 'on',
  };

  it('reads an article from a form or JSON, and names every bad field', () => {
    expect(readArticleInput(article)).toEqual({
      ok: true,
      value: {
        title: 'Bulky items',
        body: 'Line one\nline two',
        keywords: '',
        language: 'es',
        service: null,
        public: true,
        reviewBy: '2027-03-31',
      },
    });
    expect(
      readArticleInput({ ...article, public: undefined }).ok && readArticleInput({ ...article, public: undefined }),
    ).toMatchObject({ value: { public: false } });
    const bad = readArticleInput({
      title: '',
      body: 'x'.repeat(20_001),
      language: 'fr',
      service: 'Bad Service',
      reviewBy: '2027-02-30',
    });
    expect(bad).toEqual({
      ok: false,
      problems: [
        { field: 'title', message: 'Enter the title' },
        { field: 'body', message: 'The article text must be 20000 characters or fewer' },
        { field: 'language', message: 'Choose the language the article is written in' },
        { field: 'service', message: 'Choose a service from the list, or none' },
        { field: 'reviewBy', message: 'Enter the review-by date as a real date, like 2027-03-31' },
      ],
    });
  });

  it('knows real calendar days and when a review is due', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2027-3-1')).toBe(false);
    expect(reviewDue('2026-12-03', '2026-12-04')).toBe(true);
    expect(reviewDue('2026-12-04', '2026-12-04')).toBe(false);
    expect(dayIn('America/Los_Angeles', new Date('2026-12-05T03:00:00Z'))).toBe('2026-12-04');
  });

  it('reads call script questions one a line', () => {
    expect(readScriptQuestions('What is the address?\n\n  Is it blocking the road? \r\n')).toEqual({
      ok: true,
      questions: ['What is the address?', 'Is it blocking the road?'],
    });
    expect(readScriptQuestions(' \n ')).toEqual({
      ok: false,
      problems: [{ field: 'questions', message: 'Enter at least one question, one a line' }],
    });
    expect(readScriptQuestions(['ok', 'x'.repeat(301)])).toEqual({
      ok: false,
      problems: [{ field: 'questions', message: 'Question 2 is longer than 300 characters' }],
    });
  });

  it('reads a contact and refuses an unknown channel or outcome', () => {
    expect(
      readContactInput({ topic: 'Library hours', articleId: 'a1', channel: 'phone', outcome: 'answered' }),
    ).toEqual({ ok: true, value: { topic: 'Library hours', articleId: 'a1', channel: 'phone', outcome: 'answered' } });
    expect(readContactInput({ topic: '', channel: 'fax', outcome: 'maybe' })).toEqual({
      ok: false,
      problems: [
        { field: 'topic', message: 'Enter the topic' },
        { field: 'channel', message: 'Choose how the resident contacted us' },
        { field: 'outcome', message: 'Choose whether the question was answered or needs a case' },
      ],
    });
  });

  it('cuts excerpts at a word and computes the share answered at first contact', () => {
    expect(excerpt('one two three four', 12)).toBe('one two…');
    expect(excerpt('short')).toBe('short');
    expect(
      firstContactShare([
        { contacts: 2, answered: 1 },
        { contacts: 1, answered: 1 },
      ]),
    ).toBe(67);
    expect(firstContactShare([])).toBeNull();
  });
});
