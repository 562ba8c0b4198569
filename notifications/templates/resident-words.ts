/**
 * Every text of the platform's resident notices, once per language (English and Spanish: the
 * language the resident chose on the portal, remembered on the case). The templates keep one
 * structure; only the words change. Plain language, short sentences, in both.
 */
export type ResidentLanguage = 'en' | 'es';

/** The notice's language from its `language` variable: Spanish when asked for, else English. */
export const residentLanguage = (value: string | undefined): ResidentLanguage =>
  value?.toLowerCase().startsWith('es') ? 'es' : 'en';

export interface ResidentWords {
  trackingNumber: string;
  verificationCode: string;
  whatHappensNext: string;
  seeCase: string;
  /** "Please give your tracking number, X." */
  quoteNumber: (trackingNumber: string) => string;
  contact: { questions: string; call: string; email: string; visit: string; or: string };
  received: {
    subject: (service: string, tn: string) => string;
    thanks: (service: string, on: string) => string;
    keepPrivate: string;
    checkStatus: string;
    defaultNext: string;
    aimBy: (on: string) => string;
    sms: (agency: string, service: string, tn: string, code: string, url: string) => string;
  };
  status: {
    subject: (service: string, tn: string, label: string) => string;
    news: (service: string, label: string) => string;
    changedOn: (on: string) => string;
    defaultNext: string;
    sms: (agency: string, service: string, tn: string, label: string, url: string) => string;
  };
  information: {
    subject: (service: string, tn: string) => string;
    intro: (service: string) => string;
    whatWeNeed: string;
    whatToDo: string;
    sendBy: (on: string | undefined) => string;
    sendLink: string;
    paused: string;
    otherwise: (byThen: boolean, consequence: string | undefined) => string;
    help: string;
    sms: (agency: string, service: string, tn: string, by: string | undefined, url: string) => string;
  };
  decision: {
    subject: (service: string, tn: string, outcome: string) => string;
    intro: (service: string) => string;
    decision: string;
    dateOfDecision: string;
    why: string;
    ifYouDisagree: string;
    mayAppeal: (by: string) => string;
    howToAppeal: string;
    appealLink: string;
    notAppealable: string;
    sms: (
      agency: string,
      service: string,
      tn: string,
      outcome: string,
      appealBy: string | undefined,
      url: string,
    ) => string;
  };
  closed: {
    subject: (service: string, tn: string) => string;
    closedOn: (service: string, on: string) => string;
    found: (resolution: string) => string;
    notSolved: string;
    reopenUntil: (on: string) => string;
    contactUs: string;
    link: string;
    sms: (agency: string, service: string, tn: string, until: string | undefined, url: string) => string;
  };
  reopened: {
    subject: (service: string, tn: string) => string;
    reopenedOn: (service: string, on: string) => string;
    reason: (reason: string) => string;
    defaultNext: string;
    sms: (agency: string, service: string, tn: string, url: string) => string;
  };
  survey: {
    subject: (service: string, tn: string) => string;
    ask: (service: string) => string;
    howLong: string;
    link: string;
    until: (on: string) => string;
    sms: (agency: string, service: string, tn: string, url: string) => string;
  };
}

const EN: ResidentWords = {
  trackingNumber: 'Tracking number',
  verificationCode: 'Verification code',
  whatHappensNext: 'What happens next',
  seeCase: 'See your case',
  quoteNumber: (tn) => `Please give your tracking number, ${tn}.`,
  contact: { questions: 'Questions?', call: 'call', email: 'email', visit: 'visit', or: 'or' },
  received: {
    subject: (service, tn) => `We received your ${service}. Tracking number ${tn}`,
    thanks: (service, on) => `Thank you. We received your ${service} on ${on}.`,
    keepPrivate: 'Keep the verification code private. You need it, with the tracking number, to see your case online.',
    checkStatus: 'Check the status of your case',
    defaultNext: 'A staff member will review your request. We will write to you when its status changes.',
    aimBy: (on) => `We aim to finish by ${on}.`,
    sms: (agency, service, tn, code, url) =>
      `${agency}: we received your ${service}. Tracking number ${tn}, verification code ${code}. Status: ${url}`,
  },
  status: {
    subject: (service, tn, label) => `Update on your ${service} (${tn}): ${label}`,
    news: (service, label) => `There is news about your ${service}. Its status is now: ${label}.`,
    changedOn: (on) => `This changed on ${on}.`,
    defaultNext: 'You do not need to do anything now. We will write to you again when there is news.',
    sms: (agency, service, tn, label, url) => `${agency}: your ${service} ${tn} is now "${label}". Details: ${url}`,
  },
  information: {
    subject: (service, tn) => `Action needed: we need more information for your ${service} (${tn})`,
    intro: (service) => `We need more information before we can continue with your ${service}.`,
    whatWeNeed: 'What we need',
    whatToDo: 'What to do',
    sendBy: (on) => (on ? `Please send it by ${on}.` : 'Please send it as soon as you can.'),
    sendLink: 'Send documents or a reply',
    paused:
      'Our legal deadline to decide is paused until we receive it. The deadline starts again when we have what we need.',
    otherwise: (byThen, consequence) =>
      `If we do not receive it${byThen ? ' by then' : ''}, ${consequence ?? 'we may have to close your request'}.`,
    help: 'If you need help getting any of these, contact us. We will help you.',
    sms: (agency, service, tn, by, url) =>
      `${agency}: we need more information for your ${service} ${tn}${by ? ` by ${by}` : ''}. Details: ${url}`,
  },
  decision: {
    subject: (service, tn, outcome) => `Decision on your ${service} (${tn}): ${outcome}`,
    intro: (service) => `We have made a decision on your ${service}.`,
    decision: 'Decision',
    dateOfDecision: 'Date of decision',
    why: 'Why we decided this',
    ifYouDisagree: 'If you disagree',
    mayAppeal: (by) => `You have the right to appeal this decision. Your appeal must reach us by ${by}.`,
    howToAppeal: 'To appeal, write to us. Say which decision you disagree with and why. Include your tracking number.',
    appealLink: 'Appeal this decision',
    notAppealable: 'This decision cannot be appealed. If you think we made a mistake, contact us.',
    sms: (agency, service, tn, outcome, appealBy, url) =>
      `${agency}: decision on your ${service} ${tn}: ${outcome}.${appealBy ? ` You may appeal until ${appealBy}.` : ''} Details: ${url}`,
  },
  closed: {
    subject: (service, tn) => `Your ${service} (${tn}) is closed`,
    closedOn: (service, on) => `We closed your ${service} on ${on}.`,
    found: (resolution) => `What we found and did: ${resolution}`,
    notSolved: 'If the problem is not solved',
    reopenUntil: (on) => `You can reopen your request until ${on}. Use the link below or contact us.`,
    contactUs: 'Contact us and we will look at it again.',
    link: 'See or reopen your case',
    sms: (agency, service, tn, until, url) =>
      `${agency}: your ${service} ${tn} is closed.${until ? ` You can reopen it until ${until}.` : ''} Details: ${url}`,
  },
  reopened: {
    subject: (service, tn) => `Your ${service} (${tn}) is open again`,
    reopenedOn: (service, on) => `We reopened your ${service} on ${on}.`,
    reason: (reason) => `Reason: ${reason}`,
    defaultNext: 'A staff member will look at it again. We will write to you when its status changes.',
    sms: (agency, service, tn, url) => `${agency}: your ${service} ${tn} is open again. Details: ${url}`,
  },
  survey: {
    subject: (service, tn) => `How did we do with your ${service} (${tn})?`,
    ask: (service) => `We recently closed your ${service}. Please tell us how well we handled it.`,
    howLong:
      'It takes less than a minute: a rating from 1 to 5 and, if you like, a comment. You do not need to sign in.',
    link: 'Rate our service',
    until: (on) => `The link works once, until ${on}.`,
    sms: (agency, service, tn, url) =>
      `${agency}: how did we do with your ${service} ${tn}? Rate us from 1 to 5: ${url}`,
  },
};

const ES: ResidentWords = {
  trackingNumber: 'Número de seguimiento',
  verificationCode: 'Código de verificación',
  whatHappensNext: 'Qué pasa ahora',
  seeCase: 'Ver su caso',
  quoteNumber: (tn) => `Indique su número de seguimiento, ${tn}.`,
  contact: { questions: '¿Preguntas?', call: 'llame al', email: 'escriba a', visit: 'visite', or: 'o' },
  received: {
    subject: (service, tn) => `Recibimos su solicitud: ${service}. Número de seguimiento ${tn}`,
    thanks: (service, on) => `Gracias. Recibimos su solicitud (${service}) el ${on}.`,
    keepPrivate:
      'No comparta el código de verificación. Lo necesita, con el número de seguimiento, para ver su caso en línea.',
    checkStatus: 'Ver el estado de su caso',
    defaultNext: 'Una persona de nuestro equipo revisará su solicitud. Le escribiremos cuando cambie su estado.',
    aimBy: (on) => `Queremos terminar antes del ${on}.`,
    sms: (agency, service, tn, code, url) =>
      `${agency}: recibimos su solicitud (${service}). Número de seguimiento ${tn}, código de verificación ${code}. Estado: ${url}`,
  },
  status: {
    subject: (service, tn, label) => `Novedades de su solicitud (${service}, ${tn}): ${label}`,
    news: (service, label) => `Hay novedades sobre su solicitud (${service}). Su estado ahora es: ${label}.`,
    changedOn: (on) => `Cambió el ${on}.`,
    defaultNext: 'No tiene que hacer nada por ahora. Le escribiremos otra vez cuando haya novedades.',
    sms: (agency, service, tn, label, url) =>
      `${agency}: su solicitud (${service}) ${tn} ahora está "${label}". Detalles: ${url}`,
  },
  information: {
    subject: (service, tn) => `Acción necesaria: necesitamos más información para su solicitud (${service}, ${tn})`,
    intro: (service) => `Necesitamos más información para seguir con su solicitud (${service}).`,
    whatWeNeed: 'Qué necesitamos',
    whatToDo: 'Qué debe hacer',
    sendBy: (on) => (on ? `Envíelo antes del ${on}.` : 'Envíelo lo antes posible.'),
    sendLink: 'Enviar documentos o una respuesta',
    paused:
      'Nuestro plazo legal para decidir está en pausa hasta que lo recibamos. El plazo vuelve a correr cuando tengamos lo que necesitamos.',
    otherwise: (byThen, consequence) =>
      `Si no lo recibimos${byThen ? ' para esa fecha' : ''}, ${consequence ?? 'es posible que tengamos que cerrar su solicitud'}.`,
    help: 'Si necesita ayuda para conseguir algo de esto, comuníquese con nosotros. Le ayudaremos.',
    sms: (agency, service, tn, by, url) =>
      `${agency}: necesitamos más información para su solicitud (${service}) ${tn}${by ? ` antes del ${by}` : ''}. Detalles: ${url}`,
  },
  decision: {
    subject: (service, tn, outcome) => `Decisión sobre su solicitud (${service}, ${tn}): ${outcome}`,
    intro: (service) => `Tomamos una decisión sobre su solicitud (${service}).`,
    decision: 'Decisión',
    dateOfDecision: 'Fecha de la decisión',
    why: 'Por qué decidimos esto',
    ifYouDisagree: 'Si no está de acuerdo',
    mayAppeal: (by) => `Tiene derecho a apelar esta decisión. Su apelación debe llegarnos antes del ${by}.`,
    howToAppeal:
      'Para apelar, escríbanos. Diga con qué decisión no está de acuerdo y por qué. Incluya su número de seguimiento.',
    appealLink: 'Apelar esta decisión',
    notAppealable: 'Esta decisión no se puede apelar. Si cree que cometimos un error, comuníquese con nosotros.',
    sms: (agency, service, tn, outcome, appealBy, url) =>
      `${agency}: decisión sobre su solicitud (${service}) ${tn}: ${outcome}.${appealBy ? ` Puede apelar hasta el ${appealBy}.` : ''} Detalles: ${url}`,
  },
  closed: {
    subject: (service, tn) => `Su solicitud (${service}, ${tn}) está cerrada`,
    closedOn: (service, on) => `Cerramos su solicitud (${service}) el ${on}.`,
    found: (resolution) => `Lo que encontramos e hicimos: ${resolution}`,
    notSolved: 'Si el problema no se resolvió',
    reopenUntil: (on) =>
      `Puede volver a abrir su solicitud hasta el ${on}. Use el enlace de abajo o comuníquese con nosotros.`,
    contactUs: 'Comuníquese con nosotros y lo revisaremos otra vez.',
    link: 'Ver o volver a abrir su caso',
    sms: (agency, service, tn, until, url) =>
      `${agency}: su solicitud (${service}) ${tn} está cerrada.${until ? ` Puede volver a abrirla hasta el ${until}.` : ''} Detalles: ${url}`,
  },
  reopened: {
    subject: (service, tn) => `Su solicitud (${service}, ${tn}) está abierta otra vez`,
    reopenedOn: (service, on) => `Volvimos a abrir su solicitud (${service}) el ${on}.`,
    reason: (reason) => `Motivo: ${reason}`,
    defaultNext: 'Una persona de nuestro equipo la revisará otra vez. Le escribiremos cuando cambie su estado.',
    sms: (agency, service, tn, url) =>
      `${agency}: su solicitud (${service}) ${tn} está abierta otra vez. Detalles: ${url}`,
  },
  survey: {
    subject: (service, tn) => `¿Cómo atendimos su solicitud (${service}, ${tn})?`,
    ask: (service) => `Hace poco cerramos su solicitud (${service}). Díganos qué tan bien la atendimos.`,
    howLong:
      'Toma menos de un minuto: una calificación del 1 al 5 y, si quiere, un comentario. No necesita iniciar sesión.',
    link: 'Califique nuestro servicio',
    until: (on) => `El enlace sirve una sola vez, hasta el ${on}.`,
    sms: (agency, service, tn, url) =>
      `${agency}: ¿cómo atendimos su solicitud (${service}) ${tn}? Califíquenos del 1 al 5: ${url}`,
  },
};

export const residentWords = (language: ResidentLanguage): ResidentWords => (language === 'es' ? ES : EN);
