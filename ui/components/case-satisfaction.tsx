/** The case page's satisfaction section: each survey sent when the case closed, and the resident's answer if any. */
import { SummaryList } from './summary-list';

export interface CaseSurveyRow {
  id: string;
  sent: string;
  channel: string;
  /** The answer, or why there is none. */
  rating: number | null;
  comment: string | null;
  answered: string | null;
  expired: boolean;
  reviewed: string | null;
}

export function CaseSatisfaction({ surveys }: { surveys: readonly CaseSurveyRow[] }) {
  if (surveys.length === 0) return <p>No satisfaction survey was sent for this case.</p>;
  return (
    <>
      {surveys.map((survey) => (
        <section key={survey.id} class="cf-panel" aria-label={`Survey sent ${survey.sent}`}>
          <SummaryList
            rows={[
              { label: 'Sent', value: `${survey.sent} by ${survey.channel}` },
              {
                label: 'Rating',
                value:
                  survey.rating !== null
                    ? `${survey.rating} of 5${survey.rating <= 2 ? ' (low)' : ''}`
                    : survey.expired
                      ? 'Not answered: the link expired'
                      : 'Not answered yet',
              },
              ...(survey.rating !== null
                ? [
                    { label: 'Comment', value: survey.comment ?? 'No comment' },
                    { label: 'Answered', value: survey.answered ?? '' },
                  ]
                : []),
              ...(survey.reviewed ? [{ label: 'Reviewed', value: survey.reviewed }] : []),
            ]}
          />
        </section>
      ))}
    </>
  );
}
