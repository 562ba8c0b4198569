import * as path from 'node:path';
import {
  getNotificationTemplate,
  isNotificationError,
  describeNotificationTemplates,
  NOTIFICATION_TEMPLATE_IDS,
  NOTIFICATION_TEMPLATES,
  NotificationError,
  renderDefinitionTemplate,
  renderNotification,
  type RenderedMessage,
} from '../../notifications';
import { loadDefinitionFileSync, requireCompiled } from '../../process-definitions/loader/load-definition';
import { AGENCY, TEMPLATE_FIXTURES } from './template-fixtures';

const LEAKS = /undefined|null|NaN|\[object|Invalid Date|\{\{/;

function catchError(fn: () => unknown): NotificationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof NotificationError) return error;
    throw error;
  }
  throw new Error('expected a NotificationError');
}

function expectClean(message: RenderedMessage): void {
  for (const part of [message.subject, message.text, message.html, message.sms]) {
    expect(part).not.toMatch(LEAKS);
    expect(part.trim()).not.toBe('');
  }
  expect(message.subject).not.toMatch(/[\r\n]/);
  expect(message.sms).not.toMatch(/[\r\n]/);
}

describe('platform templates', () => {
  it.each(NOTIFICATION_TEMPLATE_IDS)(
    '%s renders text, HTML and SMS with the tracking number and nothing undefined',
    (id) => {
      const message = renderNotification(id, TEMPLATE_FIXTURES[id] as Record<string, unknown>);
      expectClean(message);
      for (const part of [message.subject, message.text, message.html, message.sms])
        expect(part).toContain('CF-2026-000123');
      expect(message.html).toMatch(/^<!doctype html>/);
      const template = getNotificationTemplate(id);
      if (template.audience === 'resident') {
        // How to reach the agency, in every resident message.
        expect(message.text).toContain('(555) 010-0311');
        expect(message.text).toContain('permits@springfield.example');
        expect(message.html).toContain('https://springfield.example/track/CF-2026-000123');
      } else {
        expect(message.text).toContain('https://springfield.example/staff/cases/case-123');
        expect(message.text).toContain('Do not reply');
      }
    },
  );

  it('names what happens next and the dates in the agency time zone', () => {
    const received = renderNotification('case-received', TEMPLATE_FIXTURES['case-received']);
    expect(received.text).toContain('Verification code: K7QP2MXA');
    expect(received.text).toContain('WHAT HAPPENS NEXT');
    // 18:30 UTC on 20 November is 10:30 in Los Angeles, same day.
    expect(received.text).toContain('on Friday, November 20, 2026');
    expect(received.text).toContain('We aim to finish by Friday, January 15, 2027.');

    const info = renderNotification('information-requested', TEMPLATE_FIXTURES['information-requested']);
    expect(info.text).toContain('- Structural calculations signed by an engineer');
    expect(info.text).toContain('Please send it by Saturday, February 20, 2027.');
    expect(info.text).toContain('legal deadline to decide is paused');
    expect(info.text).toContain('If we do not receive it by then, your application expires.');
    expect(info.subject).toMatch(/^Action needed/);
  });

  it('states reasons, appeal rights and the appeal deadline for an appealable decision', () => {
    const message = renderNotification('decision', TEMPLATE_FIXTURES.decision);
    expect(message.subject).toBe('Decision on your building permit application (CF-2026-000123): Permit denied');
    expect(message.text).toContain('- The building is taller than the zone allows.');
    expect(message.text).toContain(
      'You have the right to appeal this decision. Your appeal must reach us by Thursday, December 31, 2026.',
    );
    expect(message.html).toContain('<a href="https://springfield.example/appeals">Appeal this decision</a>');
    expect(message.sms).toContain('You may appeal until Thursday, December 31, 2026.');

    // A date alone is that day in the agency's zone, not the evening before.
    const dateOnly = renderNotification('decision', { ...TEMPLATE_FIXTURES.decision, appealDeadline: '2026-12-31' });
    expect(dateOnly.text).toContain('Your appeal must reach us by Thursday, December 31, 2026.');

    const final = renderNotification('decision', {
      ...TEMPLATE_FIXTURES.decision,
      appealable: false,
      appealDeadline: undefined,
    });
    expect(final.text).toContain('This decision cannot be appealed.');
    expect(final.text).not.toContain('right to appeal');

    const error = catchError(() =>
      renderNotification('decision', { ...TEMPLATE_FIXTURES.decision, appealDeadline: undefined }),
    );
    expect(error).toMatchObject({
      code: 'TEMPLATE_DATA_MISSING',
      retryable: false,
      details: { template: 'decision', field: 'appealDeadline' },
    });
  });

  it('tells the supervisor which case, which step, how late and what was done', () => {
    const message = renderNotification('sla-escalation', TEMPLATE_FIXTURES['sla-escalation']);
    expect(message.subject).toBe('Escalation level 2: Plan review for CF-2026-000123 is 3 days and 2 hours late');
    expect(message.text).toContain('Step: Plan review');
    expect(message.text).toContain('Was due: Thursday, December 3, 2026 at 5:00 PM PST');
    expect(message.text).toContain('How late: 3 days and 2 hours');
    expect(message.text).toContain('- Reassigned to the plan-check team');
    expect(message.text).toContain('escalated again on Tuesday, December 8, 2026 at 5:00 PM PST');

    const stated = renderNotification('sla-escalation', {
      ...TEMPLATE_FIXTURES['sla-escalation'],
      overdueBy: '1 working day',
    });
    expect(stated.text).toContain('How late: 1 working day');
    const early = renderNotification('sla-escalation', {
      ...TEMPLATE_FIXTURES['sla-escalation'],
      at: '2026-12-03T21:00:00Z',
    });
    expect(early.text).toContain('How late: not late yet (due in 4 hours)');
  });

  it('escapes data in HTML and keeps it literal in text', () => {
    const hostile = '<script>alert("x")</script> & <b>bold</b>';
    const message = renderNotification('decision', {
      ...TEMPLATE_FIXTURES.decision,
      serviceName: hostile,
      reasons: [hostile],
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<b>bold');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(message.text).toContain(hostile);

    const injected = renderNotification('status-changed', {
      ...TEMPLATE_FIXTURES['status-changed'],
      statusLabel: 'Open\r\nBcc: victim@example.org',
    });
    expect(injected.subject).toBe(
      'Update on your building permit application (CF-2026-000123): Open Bcc: victim@example.org',
    );

    const quoted = renderNotification('case-received', {
      ...TEMPLATE_FIXTURES['case-received'],
      statusUrl: 'https://x.example/a?b="c"&d=<e>',
    });
    expect(quoted.html).toContain('href="https://x.example/a?b=%22c%22&amp;d=%3Ce%3E"');
  });

  it('refuses links that are not web links', () => {
    const error = catchError(() =>
      renderNotification('case-received', { ...TEMPLATE_FIXTURES['case-received'], statusUrl: 'javascript:alert(1)' }),
    );
    expect(error).toMatchObject({ code: 'TEMPLATE_DATA_INVALID', details: { field: 'statusUrl' } });
  });

  it('reports every missing required variable of every template as a typed error', () => {
    let checked = 0;
    for (const id of NOTIFICATION_TEMPLATE_IDS) {
      const fields = NOTIFICATION_TEMPLATES[id].fields as Record<string, { optional: boolean }>;
      for (const [name, field] of Object.entries(fields)) {
        if (field.optional) continue;
        const data: Record<string, unknown> = { ...TEMPLATE_FIXTURES[id] };
        delete data[name];
        const error = catchError(() => renderNotification(id, data));
        expect(error).toMatchObject({
          code: 'TEMPLATE_DATA_MISSING',
          retryable: false,
          details: { template: id, field: name },
        });
        expect(error.message).toContain(`"${name}" is missing`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('names all problems at once and rejects wrong kinds of values', () => {
    const error = catchError(() =>
      renderNotification('sla-escalation', {
        ...TEMPLATE_FIXTURES['sla-escalation'],
        level: 0,
        dueAt: 'tomorrow',
        trackingNumber: undefined,
      }),
    );
    expect(error.code).toBe('TEMPLATE_DATA_MISSING');
    expect(error.details.fields).toBe('trackingNumber,dueAt,level');
    const wrong = catchError(() =>
      renderNotification('task-assigned', { ...TEMPLATE_FIXTURES['task-assigned'], stepTitle: { text: 'x' } }),
    );
    expect(wrong).toMatchObject({ code: 'TEMPLATE_DATA_INVALID', details: { field: 'stepTitle' } });
    const noContact = catchError(() =>
      renderNotification('case-closed', { ...TEMPLATE_FIXTURES['case-closed'], agency: { name: 'City' } }),
    );
    expect(noContact).toMatchObject({ code: 'TEMPLATE_DATA_INVALID', details: { field: 'agency' } });
    const badZone = catchError(() =>
      renderNotification('case-closed', {
        ...TEMPLATE_FIXTURES['case-closed'],
        agency: { ...AGENCY, timeZone: 'Mars/Olympus' },
      }),
    );
    expect(badZone.message).toContain('timeZone');
  });

  it('describes the catalogue with every variable', () => {
    const catalogue = describeNotificationTemplates();
    expect(catalogue.map((t) => t.id)).toEqual(NOTIFICATION_TEMPLATE_IDS);
    const escalation = catalogue.find((t) => t.id === 'sla-escalation');
    expect(escalation?.audience).toBe('staff');
    expect(escalation?.variables).toEqual(
      expect.arrayContaining([{ name: 'level', required: true, description: expect.any(String) }]),
    );
    expect(catalogue.filter((t) => t.audience === 'resident').map((t) => t.id)).toEqual([
      'case-received',
      'status-changed',
      'information-requested',
      'decision',
      'case-closed',
      'case-reopened',
      'staff-reply',
      'satisfaction-survey',
    ]);
  });

  it('refuses an unknown template permanently', () => {
    const error = catchError(() => renderNotification('no-such-template', {}));
    expect(error).toMatchObject({ code: 'TEMPLATE_UNKNOWN', retryable: false });
    expect(isNotificationError(error, 'TEMPLATE_UNKNOWN')).toBe(true);
  });
});

describe('templates written in process definitions', () => {
  const frame = {
    agency: AGENCY,
    trackingNumber: 'CF-2026-000777',
    statusUrl: 'https://springfield.example/track/CF-2026-000777',
  };

  it('renders a list placeholder as a list and adds the tracking number and contact', () => {
    const message = renderDefinitionTemplate(
      {
        id: 'information-requested',
        subject: 'Your application for {{ propertyAddress }} is incomplete',
        body: 'We need:\n{{missingItems}}\nSend it at {{portalUrl}}.\n\nThank you.',
      },
      { ...frame, propertyAddress: '12 <Elm> St', missingItems: ['Site plan', 'Fees'] },
    );
    expectClean(message);
    expect(message.subject).toBe('Your application for 12 <Elm> St is incomplete');
    expect(message.text).toContain(
      'We need:\n\n- Site plan\n- Fees\n\nSend it at https://springfield.example/track/CF-2026-000777.',
    );
    expect(message.html).toContain('<title>Your application for 12 &lt;Elm&gt; St is incomplete</title>');
    expect(message.html).toContain('<li>Site plan</li>');
    expect(message.text).toContain('Please give your tracking number, CF-2026-000777.');
    expect(message.sms).toContain('We need: Site plan, Fees');

    const dated = renderDefinitionTemplate(
      { id: 'fees-due', body: 'Pay by {{dueDate}}.' },
      { ...frame, dueDate: '2027-01-04' },
    );
    expect(dated.text).toContain('Pay by Monday, January 4, 2027.');
  });

  it('adds appeal rights to an appealable decision and requires the deadline', () => {
    const source = {
      id: 'permit-denied',
      subject: 'Decision on {{propertyAddress}}',
      body: 'Your application has been denied for these reasons:\n{{denialReasons}}',
    };
    const data = {
      ...frame,
      propertyAddress: '12 Elm St',
      denialReasons: 'Too tall.',
      appealable: true,
      appealDeadline: '2026-12-31T20:00:00Z',
    };
    const message = renderDefinitionTemplate(source, data);
    expect(message.text).toContain('IF YOU DISAGREE');
    expect(message.text).toContain('Your appeal must reach us by Thursday, December 31, 2026.');
    const error = catchError(() => renderDefinitionTemplate(source, { ...data, appealDeadline: undefined }));
    expect(error).toMatchObject({ code: 'TEMPLATE_DATA_MISSING', details: { field: 'appealDeadline' } });
  });

  it('reports a missing placeholder instead of writing undefined', () => {
    const error = catchError(() =>
      renderDefinitionTemplate(
        { id: 'fees-due', body: 'Fees: {{feeAmount}} USD for {{propertyAddress}}.' },
        { ...frame, propertyAddress: '12 Elm St' },
      ),
    );
    expect(error).toMatchObject({
      code: 'TEMPLATE_DATA_MISSING',
      details: { template: 'fees-due', field: 'feeAmount' },
    });
    const nested = catchError(() =>
      renderDefinitionTemplate({ id: 'fees-due', body: 'Fees: {{feeAmount}}' }, { ...frame, feeAmount: { usd: 5 } }),
    );
    expect(nested).toMatchObject({ code: 'TEMPLATE_DATA_INVALID', details: { field: 'feeAmount' } });
  });

  it('renders every template of the shipped process definitions once its placeholders are filled', () => {
    let rendered = 0;
    for (const file of ['building-permit.yaml', 'service-complaint.yaml', 'benefit-application.yaml']) {
      const definition = requireCompiled(
        loadDefinitionFileSync(path.join(__dirname, '..', '..', 'process-definitions', file)),
      );
      for (const template of Object.values(definition.templates)) {
        const values = Object.fromEntries(template.placeholders.map((name) => [name, `value of ${name}`]));
        const staff = /staff|late|escalat|overdue/.test(template.id);
        const message = renderDefinitionTemplate(template, {
          ...values,
          ...frame,
          audience: staff ? 'staff' : 'resident',
          caseUrl: 'https://springfield.example/staff/cases/1',
        });
        expectClean(message);
        expect(message.text).toContain('CF-2026-000777');
        rendered += 1;
      }
    }
    expect(rendered).toBeGreaterThan(10);
  });
});
