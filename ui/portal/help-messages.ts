/** The words of the portal's help pages (public knowledge-base articles), once per language. */
import type { PortalLanguage } from '../../api/services/resident-portal-service';

const en = {
  title: 'Find answers',
  intro: 'Search our answers to common questions.',
  search: 'What is your question?',
  searchHint: 'A few words, like: bulky item pickup',
  submit: 'Search',
  results: (count: number) => (count === 1 ? '1 answer, best match first' : `${count} answers, best match first`),
  none: (query: string) => `We found no answer for “${query}”. Try other words, or ask us for a service.`,
  back: 'Back to the search',
  request: 'Request a service',
  notFound: 'We cannot find this answer. It may have been taken down.',
};

export type HelpMessages = typeof en;

const es: HelpMessages = {
  title: 'Buscar respuestas',
  intro: 'Busque nuestras respuestas a preguntas frecuentes.',
  search: '¿Cuál es su pregunta?',
  searchHint: 'Unas palabras, como: recogida de muebles',
  submit: 'Buscar',
  results: (count: number) =>
    count === 1 ? '1 respuesta, la mejor primero' : `${count} respuestas, las mejores primero`,
  none: (query: string) => `No encontramos respuestas para «${query}». Pruebe con otras palabras o pida un servicio.`,
  back: 'Volver a la búsqueda',
  request: 'Pedir un servicio',
  notFound: 'No encontramos esta respuesta. Puede que ya no esté publicada.',
};

export function helpMessagesFor(language: PortalLanguage): HelpMessages {
  return language === 'es' ? es : en;
}
