import {
  classifyInboundMail,
  messageIdsIn,
  parseAddressList,
  type InboundMailFacts,
  type MailRouting,
} from './mail-rules';

const routing: MailRouting = {
  routes: new Map([['permits@springfield.example', 'building-permit']]),
  defaultDefinitionId: 'service-complaint',
  ownAddresses: new Set(['no-reply@springfield.example', '311@springfield.example']),
};

const mail = (extra: Partial<InboundMailFacts> = {}, headers: Record<string, string> = {}): InboundMailFacts => ({
  from: 'rosa@example.org',
  to: ['311@springfield.example'],
  subject: 'Couch on the kerb',
  headers: new Map(Object.entries(headers)),
  threadIds: [],
  contentType: 'text/plain',
  ...extra,
});

describe('classifyInboundMail', () => {
  it('routes a new message by its address, else to the triage service', () => {
    expect(classifyInboundMail(mail(), routing)).toEqual({ kind: 'new', definitionId: 'service-complaint' });
    expect(classifyInboundMail(mail({ to: ['someone@else.example', 'permits@springfield.example'] }), routing)).toEqual(
      { kind: 'new', definitionId: 'building-permit' },
    );
  });

  it('threads a reply by tracking number in the subject or by the message it answers', () => {
    expect(
      classifyInboundMail(mail({ subject: 'Re: We received your request. Tracking number cf-2026-000123' }), routing),
    ).toEqual({ kind: 'reply', trackingNumber: 'CF-2026-000123', threadIds: [] });
    expect(classifyInboundMail(mail({ threadIds: ['<civicflow.abc@springfield.example>'] }), routing)).toEqual({
      kind: 'reply',
      threadIds: ['<civicflow.abc@springfield.example>'],
    });
  });

  it('ignores auto-replies, bounces, loops and bulk mail before anything else', () => {
    const cases: [InboundMailFacts, string][] = [
      [mail({ subject: 'Out of office: CF-2026-000123' }, { 'auto-submitted': 'auto-replied' }), 'auto-reply'],
      [mail({}, { 'x-autoreply': 'yes' }), 'auto-reply'],
      [mail({}, { precedence: 'auto_reply' }), 'auto-reply'],
      [mail({ contentType: 'multipart/report' }), 'bounce'],
      [mail({ from: 'MAILER-DAEMON@mx.example.org' }), 'bounce'],
      [mail({}, { 'return-path': '<>' }), 'bounce'],
      [mail({ from: 'no-reply@springfield.example' }), 'loop'],
      [mail({}, { 'x-civicflow-notification-id': 'case-1:1:0' }), 'loop'],
      [mail({}, { 'list-id': '<news.example.org>' }), 'bulk'],
      [mail({ from: undefined }), 'no-sender'],
    ];
    for (const [facts, reason] of cases)
      expect(classifyInboundMail(facts, routing)).toEqual({ kind: 'ignore', reason });
    expect(classifyInboundMail(mail({}, { 'auto-submitted': 'no' }), routing).kind).toBe('new');
  });
});

describe('header helpers', () => {
  it('reads address lists and message ids', () => {
    expect(parseAddressList('Rosa <Rosa@Example.org>, b@x.example, not an address')).toEqual([
      'rosa@example.org',
      'b@x.example',
    ]);
    expect(messageIdsIn('<a@x> <b@y>\r\n <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});
