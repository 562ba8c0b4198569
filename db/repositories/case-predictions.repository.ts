/** Stored predicted close dates (migration 0014-case-predictions). */
import type { Knex } from 'knex';

export interface CasePrediction {
  caseId: string;
  predictedCloseAt: Date;
  firstPredictedCloseAt: Date;
  basis: string;
  samples: number;
  computedAt: Date;
}

interface PredictionRow {
  case_id: string;
  predicted_close_at: Date;
  first_predicted_close_at: Date;
  basis: string;
  samples: number;
  computed_at: Date;
}

const toPrediction = (row: PredictionRow): CasePrediction => ({
  caseId: row.case_id,
  predictedCloseAt: new Date(row.predicted_close_at),
  firstPredictedCloseAt: new Date(row.first_predicted_close_at),
  basis: row.basis,
  samples: Number(row.samples),
  computedAt: new Date(row.computed_at),
});

/** Writes the latest predictions; a case's first predicted date is kept as it was first written. */
export async function savePredictions(
  db: Knex,
  predictions: readonly { caseId: string; predictedCloseAt: Date; basis: string; samples: number }[],
  computedAt: Date,
): Promise<void> {
  for (let start = 0; start < predictions.length; start += 500) {
    const rows = predictions.slice(start, start + 500).map((p) => ({
      case_id: p.caseId,
      predicted_close_at: p.predictedCloseAt,
      first_predicted_close_at: p.predictedCloseAt,
      basis: p.basis,
      samples: p.samples,
      computed_at: computedAt,
    }));
    await db('case_predictions')
      .insert(rows)
      .onConflict('case_id')
      .merge(['predicted_close_at', 'basis', 'samples', 'computed_at']);
  }
}

export async function predictionsFor(db: Knex, caseIds: readonly string[]): Promise<Map<string, CasePrediction>> {
  if (caseIds.length === 0) return new Map();
  const rows = (await db('case_predictions')
    .whereIn('case_id', [...caseIds])
    .select('*')) as PredictionRow[];
  return new Map(rows.map((row) => [row.case_id, toPrediction(row)]));
}
