/** The predicted close date of an open case, with what it rests on (api/services/prediction-service.ts). */
import type { PredictedClose as Prediction } from '../../api/services/prediction-service';

export function PredictedClose(props: { prediction: Prediction | undefined; when: (iso: string) => string }) {
  if (!props.prediction) return null;
  const { predictedCloseAt, basis, samples } = props.prediction;
  return (
    <dl class="cf-summary-list" aria-label="Predicted close">
      <div>
        <dt>Predicted close</dt>
        <dd>
          {props.when(predictedCloseAt.toISOString())}
          <span class="usa-hint">
            {' '}
            — learned from {samples} closed {samples === 1 ? 'case' : 'cases'} of {basis}, in working time; most cases
            like it close by then
          </span>
        </dd>
      </div>
    </dl>
  );
}
