import { ownChannelField, readIdempotencyKey, readIntakeAnswers, INTAKE_NAMES as N } from './intake-answers';

describe('readIntakeAnswers', () => {
  const good = {
    [N.channel]: 'walk-in',
    [N.contactName]: ' Rosa Díaz ',
    [N.contactEmail]: 'rosa@example.org',
    [N.notice]: 'email',
  };

  it('reads the channel, the contact and the notice preference, leaving out blanks', () => {
    expect(readIntakeAnswers(good)).toMatchObject({
      ok: true,
      answers: {
        channel: 'walk-in',
        notice: 'email',
        contact: { name: 'Rosa Díaz', email: 'rosa@example.org', preferredChannel: 'email' },
      },
    });
    const read = readIntakeAnswers({ ...good, [N.notice]: 'post', [N.contactAddress]: '1 Main St\r\nLos Angeles' });
    expect(read).toMatchObject({
      ok: true,
      answers: { contact: { address: '1 Main St\nLos Angeles', preferredChannel: 'post' } },
    });
    if (read.ok) expect(read.answers.contact).not.toHaveProperty('phone');
  });

  it('a notice preference needs somewhere to send notices', () => {
    expect(readIntakeAnswers({ ...good, [N.contactEmail]: '' })).toMatchObject({
      ok: false,
      errors: [{ field: N.contactEmail, message: expect.stringContaining('email address') as unknown }],
    });
    expect(readIntakeAnswers({ ...good, [N.notice]: 'sms' })).toMatchObject({
      ok: false,
      errors: [{ field: N.contactPhone }],
    });
    expect(readIntakeAnswers({ ...good, [N.notice]: 'post' })).toMatchObject({
      ok: false,
      errors: [{ field: N.contactAddress }],
    });
    expect(readIntakeAnswers({ [N.channel]: 'phone', [N.notice]: 'none' })).toMatchObject({
      ok: true,
      answers: { contact: { preferredChannel: 'none' } },
    });
  });

  it('names every problem in page order and keeps what was typed', () => {
    const read = readIntakeAnswers({
      [N.notice]: 'pigeon',
      [N.contactEmail]: 'rosa at example',
      [N.contactPhone]: 'call me',
      [N.channel]: 'telepathy',
    });
    expect(read).toMatchObject({
      ok: false,
      errors: [
        { field: N.channel, message: 'Choose how the request came in' },
        { field: N.contactEmail, message: expect.stringContaining('correct format') as unknown },
        { field: N.contactPhone, message: expect.stringContaining('phone number') as unknown },
        { field: N.notice, message: expect.stringContaining('Choose how the resident') as unknown },
      ],
      values: { [N.contactEmail]: 'rosa at example' },
    });
  });

  it('does not ask the channel when the definition records it itself; reads only strings', () => {
    expect(readIntakeAnswers({ [N.notice]: 'none' }, 'call')).toMatchObject({ ok: true, answers: { channel: 'call' } });
    const nested = JSON.parse(
      '{"__proto__": {"x": 1}, "notice-preference": ["none", "email"], "contact-name": {"a": 1}}',
    ) as Record<string, string>;
    expect(readIntakeAnswers(nested, 'call')).toMatchObject({
      ok: true,
      answers: { contact: { preferredChannel: 'none' } },
    });
  });
});

describe('intake helpers', () => {
  it('an idempotency key must look like one', () => {
    expect(readIdempotencyKey({ [N.idempotencyKey]: '0f8fad5b-d9cb-469f-a165-70867728950e' })).toBe(
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    );
    for (const bad of ['', 'short', 'x'.repeat(101), '../../etc/passwd-xxxxxxxx'])
      expect(readIdempotencyKey({ [N.idempotencyKey]: bad })).toBeUndefined();
  });

  it('finds a definition’s own channel field (an enum named channel)', () => {
    const withChannel = {
      caseData: { schema: { type: 'object', properties: { channel: { type: 'string', enum: ['call'] } } } },
    } as unknown as Parameters<typeof ownChannelField>[0];
    const without = {
      caseData: { schema: { type: 'object', properties: { channel: { type: 'string' } } } },
    } as unknown as Parameters<typeof ownChannelField>[0];
    expect(ownChannelField(withChannel)).toBe('channel');
    expect(ownChannelField(without)).toBeUndefined();
  });
});
