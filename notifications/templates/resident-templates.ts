/**
 * Messages to residents. Plain language: short sentences, what happened, what happens next, how to
 * reach the agency, and the tracking number in every message. In the resident's language (`language`:
 * en or es, remembered on the case; the words are in resident-words.ts).
 */
import { formatDate, sentence } from '../message-format';
import { agency, flag, instant, requireField, text, textList, url, type AgencyContact } from '../template-fields';
import { blocks, defineTemplate, facts, heading, link, list, paragraph, residentFooter } from './define-template';
import { residentLanguage, residentWords } from './resident-words';

const commonFields = {
  agency: agency('the agency name and how to reach it').required(),
  serviceName: text('what the resident asked for, e.g. "building permit application"').required(),
  trackingNumber: text('the case tracking number the resident quotes').required(),
  language: text('the language the resident chose: en (default) or es').optional(),
};

/** The words and the date format of the notice's language. */
function wordsOf(d: { language?: string; agency: AgencyContact }) {
  const language = residentLanguage(d.language);
  return {
    language,
    w: residentWords(language),
    on: (date: Date) => formatDate(date, d.agency, language),
    footer: (tn: string) => residentFooter(d.agency, tn, language),
  };
}

export const caseReceived = defineTemplate({
  id: 'case-received',
  audience: 'resident',
  description: 'Confirms a new request with its tracking number, verification code and status link.',
  fields: {
    ...commonFields,
    verificationCode: text('the code that, with the tracking number, opens the status page').required(),
    statusUrl: url('the public status page of the case').required(),
    receivedAt: instant('when the request was received').required(),
    expectedBy: instant('when the agency aims to finish').optional(),
    nextStep: text('what the agency does next, in one or two sentences').optional(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    return {
      subject: w.received.subject(d.serviceName, d.trackingNumber),
      blocks: blocks(
        paragraph(w.received.thanks(d.serviceName, on(d.receivedAt))),
        facts([w.trackingNumber, d.trackingNumber], [w.verificationCode, d.verificationCode]),
        paragraph(w.received.keepPrivate),
        link(w.received.checkStatus, d.statusUrl),
        heading(w.whatHappensNext),
        paragraph(d.nextStep ?? w.received.defaultNext),
        d.expectedBy && paragraph(w.received.aimBy(on(d.expectedBy))),
        footer(d.trackingNumber),
      ),
      sms: w.received.sms(d.agency.name, d.serviceName, d.trackingNumber, d.verificationCode, d.statusUrl),
    };
  },
});

export const statusChanged = defineTemplate({
  id: 'status-changed',
  audience: 'resident',
  description: 'Tells the resident the case moved to a new status.',
  fields: {
    ...commonFields,
    statusLabel: text('the new status in plain words, e.g. "Under review"').required(),
    statusDescription: text('what the status means for the resident').optional(),
    statusUrl: url('the public status page of the case').required(),
    changedAt: instant('when the status changed').optional(),
    nextStep: text('what happens next, in one or two sentences').optional(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    return {
      subject: w.status.subject(d.serviceName, d.trackingNumber, d.statusLabel),
      blocks: blocks(
        paragraph(w.status.news(d.serviceName, d.statusLabel)),
        d.changedAt && paragraph(w.status.changedOn(on(d.changedAt))),
        d.statusDescription !== undefined && paragraph(d.statusDescription),
        heading(w.whatHappensNext),
        paragraph(d.nextStep ?? w.status.defaultNext),
        link(w.seeCase, d.statusUrl),
        footer(d.trackingNumber),
      ),
      sms: w.status.sms(d.agency.name, d.serviceName, d.trackingNumber, d.statusLabel, d.statusUrl),
    };
  },
});

export const informationRequested = defineTemplate({
  id: 'information-requested',
  audience: 'resident',
  description: 'Asks the applicant for missing information or documents.',
  fields: {
    ...commonFields,
    items: textList('what the agency needs, one item each').required(),
    replyUrl: url('where the resident sends documents or a reply').required(),
    respondBy: instant('the date the agency needs the reply by').optional(),
    clockPaused: flag('whether the legal deadline is paused until the reply arrives').optional(),
    consequence: text('what happens without a reply, e.g. "your application expires"').optional(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    const by = d.respondBy ? on(d.respondBy) : undefined;
    return {
      subject: w.information.subject(d.serviceName, d.trackingNumber),
      blocks: blocks(
        paragraph(w.information.intro(d.serviceName)),
        heading(w.information.whatWeNeed),
        list(d.items),
        heading(w.information.whatToDo),
        paragraph(w.information.sendBy(by)),
        link(w.information.sendLink, d.replyUrl),
        d.clockPaused === true && paragraph(w.information.paused),
        (d.consequence !== undefined || d.respondBy !== undefined) &&
          paragraph(w.information.otherwise(d.respondBy !== undefined, d.consequence)),
        paragraph(w.information.help),
        footer(d.trackingNumber),
      ),
      sms: w.information.sms(d.agency.name, d.serviceName, d.trackingNumber, by, d.replyUrl),
    };
  },
});

export const decision = defineTemplate({
  id: 'decision',
  audience: 'resident',
  description: 'The decision with its reasons, and appeal rights with the deadline when it can be appealed.',
  fields: {
    ...commonFields,
    outcomeLabel: text('the decision in plain words, e.g. "Permit denied"').required(),
    decidedAt: instant('when the decision was made').required(),
    reasons: textList('why the agency decided this, one reason each').required(),
    statusUrl: url('the public status page of the case').required(),
    appealable: flag('whether the decision can be appealed').required(),
    appealDeadline: instant('the last day an appeal is accepted; required when appealable').optional(),
    appealHow: text('how to appeal, e.g. "Fill in form A-1 and send it to ..."').optional(),
    appealUrl: url('where to file an appeal').optional(),
    nextStep: text('what happens next, e.g. "Book your first inspection"').optional(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    const deadline = d.appealable ? requireAppealDeadline(d.appealDeadline) : undefined;
    return {
      subject: w.decision.subject(d.serviceName, d.trackingNumber, d.outcomeLabel),
      blocks: blocks(
        paragraph(w.decision.intro(d.serviceName)),
        facts(
          [w.decision.decision, d.outcomeLabel],
          [w.decision.dateOfDecision, on(d.decidedAt)],
          [w.trackingNumber, d.trackingNumber],
        ),
        heading(w.decision.why),
        list(d.reasons),
        d.nextStep !== undefined && [heading(w.whatHappensNext), paragraph(d.nextStep)],
        heading(w.decision.ifYouDisagree),
        deadline
          ? blocks(
              paragraph(w.decision.mayAppeal(on(deadline))),
              paragraph(d.appealHow ?? w.decision.howToAppeal),
              d.appealUrl !== undefined && link(w.decision.appealLink, d.appealUrl),
            )
          : paragraph(w.decision.notAppealable),
        link(w.seeCase, d.statusUrl),
        footer(d.trackingNumber),
      ),
      sms: w.decision.sms(
        d.agency.name,
        d.serviceName,
        d.trackingNumber,
        d.outcomeLabel,
        deadline ? on(deadline) : undefined,
        d.statusUrl,
      ),
    };
  },
});

function requireAppealDeadline(value: Date | undefined): Date {
  return requireField('decision', 'appealDeadline', value, 'an appealable decision must state the appeal deadline');
}

export const caseClosed = defineTemplate({
  id: 'case-closed',
  audience: 'resident',
  description: 'The case is closed or resolved; says what was done and how to reopen it.',
  fields: {
    ...commonFields,
    closedAt: instant('when the case was closed').required(),
    resolution: text('what the agency found and did').optional(),
    reopenUntil: instant('the last day the resident can reopen the case').optional(),
    statusUrl: url('the public status page of the case, where it can be reopened').required(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    const until = d.reopenUntil ? on(d.reopenUntil) : undefined;
    return {
      subject: w.closed.subject(d.serviceName, d.trackingNumber),
      blocks: blocks(
        paragraph(w.closed.closedOn(d.serviceName, on(d.closedAt))),
        d.resolution !== undefined && paragraph(w.closed.found(sentence(d.resolution))),
        heading(w.closed.notSolved),
        paragraph(until ? w.closed.reopenUntil(until) : w.closed.contactUs),
        link(w.closed.link, d.statusUrl),
        footer(d.trackingNumber),
      ),
      sms: w.closed.sms(d.agency.name, d.serviceName, d.trackingNumber, until, d.statusUrl),
    };
  },
});

export const satisfactionSurvey = defineTemplate({
  id: 'satisfaction-survey',
  audience: 'resident',
  description:
    'After a case closes: asks the resident to rate the service (1 to 5, a comment) through a one-time portal link.',
  fields: {
    ...commonFields,
    surveyUrl: url('the one-time survey link on the portal (a secret: scrubbed from the outbox once sent)').required(),
    expiresAt: instant('when the link stops working').required(),
    statusUrl: url('the public status page of the case').required(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    return {
      subject: w.survey.subject(d.serviceName, d.trackingNumber),
      blocks: blocks(
        paragraph(w.survey.ask(d.serviceName)),
        paragraph(w.survey.howLong),
        link(w.survey.link, d.surveyUrl),
        paragraph(w.survey.until(on(d.expiresAt))),
        link(w.seeCase, d.statusUrl),
        footer(d.trackingNumber),
      ),
      sms: w.survey.sms(d.agency.name, d.serviceName, d.trackingNumber, d.surveyUrl),
    };
  },
});

export const staffReply = defineTemplate({
  id: 'staff-reply',
  audience: 'resident',
  description: "A staff member's answer to the resident's message, on the same email thread.",
  fields: {
    agency: agency('the agency name and how to reach it').required(),
    trackingNumber: text('the case tracking number the resident quotes').required(),
    subject: text("the resident's subject, answered with Re:").required(),
    message: text("the staff member's words").required(),
    statusUrl: url('the public status page of the case').required(),
  },
  compose: (d) => ({
    // The tracking number in the subject threads the resident's next reply to the case.
    subject: `Re: ${d.subject.replace(/^(re:\s*)+/i, '')}${d.subject.includes(d.trackingNumber) ? '' : ` (${d.trackingNumber})`}`,
    blocks: blocks(
      ...d.message.split(/\n{2,}/).map((part) => paragraph(part)),
      link('See your case', d.statusUrl),
      residentFooter(d.agency, d.trackingNumber),
    ),
    sms: `${d.agency.name} (${d.trackingNumber}): ${d.message}`,
  }),
});

export const caseReopened = defineTemplate({
  id: 'case-reopened',
  audience: 'resident',
  description: 'A closed case was reopened.',
  fields: {
    ...commonFields,
    reopenedAt: instant('when the case was reopened').required(),
    reason: text('why it was reopened').optional(),
    statusUrl: url('the public status page of the case').required(),
    nextStep: text('what happens next').optional(),
  },
  compose: (d) => {
    const { w, on, footer } = wordsOf(d);
    return {
      subject: w.reopened.subject(d.serviceName, d.trackingNumber),
      blocks: blocks(
        paragraph(w.reopened.reopenedOn(d.serviceName, on(d.reopenedAt))),
        d.reason !== undefined && paragraph(w.reopened.reason(sentence(d.reason))),
        heading(w.whatHappensNext),
        paragraph(d.nextStep ?? w.reopened.defaultNext),
        link(w.seeCase, d.statusUrl),
        footer(d.trackingNumber),
      ),
      sms: w.reopened.sms(d.agency.name, d.serviceName, d.trackingNumber, d.statusUrl),
    };
  },
});
