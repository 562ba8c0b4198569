/**
 * The satisfaction survey's words, once per language (plain language; a refusal says what happened
 * and what the resident can do instead, never an error code).
 */
import type { PortalLanguage } from '../../api/services/resident-portal-service';

const en = {
  title: 'How did we do?',
  intro: (service: string, tn: string) =>
    `Tell us how well we handled your ${service} (tracking number ${tn}). It takes less than a minute.`,
  rating: 'How satisfied are you with how we handled your request?',
  ratings: [
    '1 – Very dissatisfied',
    '2 – Dissatisfied',
    '3 – Neither satisfied nor dissatisfied',
    '4 – Satisfied',
    '5 – Very satisfied',
  ],
  comment: 'Anything you would like to tell us?',
  commentHint: 'Do not include personal information such as your bank details.',
  submit: 'Send my answer',
  ratingMissing: 'Choose a rating from 1 to 5',
  commentTooLong: 'Your comment must be 2,000 characters or fewer',
  thanks: 'Thank you for your answer',
  thanksText: 'We read every answer. It helps us improve our services.',
  answered: 'You have already answered this survey',
  answeredText: 'We keep the first answer only. Thank you for telling us how we did.',
  expired: 'This survey link has expired',
  expiredText:
    'Survey links work for a limited time after a request is closed. If you want to tell us about your experience, contact us.',
  unknown: 'We cannot find this survey',
  unknownText:
    'Check that you copied the whole link from the message we sent you. If it still does not work, contact us.',
};

export type SurveyMessages = typeof en;

const es: SurveyMessages = {
  title: '¿Cómo lo hicimos?',
  intro: (service, tn) =>
    `Díganos qué tan bien atendimos su solicitud (${service}, número de seguimiento ${tn}). Toma menos de un minuto.`,
  rating: '¿Qué tan satisfecho está con la atención de su solicitud?',
  ratings: [
    '1 – Muy insatisfecho',
    '2 – Insatisfecho',
    '3 – Ni satisfecho ni insatisfecho',
    '4 – Satisfecho',
    '5 – Muy satisfecho',
  ],
  comment: '¿Hay algo más que quiera decirnos?',
  commentHint: 'No incluya datos personales como sus datos bancarios.',
  submit: 'Enviar mi respuesta',
  ratingMissing: 'Elija una calificación del 1 al 5',
  commentTooLong: 'Su comentario debe tener 2,000 caracteres o menos',
  thanks: 'Gracias por su respuesta',
  thanksText: 'Leemos todas las respuestas. Nos ayudan a mejorar nuestros servicios.',
  answered: 'Ya respondió esta encuesta',
  answeredText: 'Solo guardamos la primera respuesta. Gracias por decirnos cómo lo hicimos.',
  expired: 'El enlace de esta encuesta ya venció',
  expiredText:
    'Los enlaces de encuesta sirven por un tiempo limitado después de cerrar una solicitud. Si quiere contarnos su experiencia, comuníquese con nosotros.',
  unknown: 'No encontramos esta encuesta',
  unknownText:
    'Revise que copió el enlace completo del mensaje que le enviamos. Si aún no funciona, comuníquese con nosotros.',
};

export function surveyMessagesFor(language: PortalLanguage): SurveyMessages {
  return language === 'es' ? es : en;
}
