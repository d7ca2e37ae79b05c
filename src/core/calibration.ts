/**
 * How far a stand-in's counts are from the provider's (Claude and Gemini, whose tokenizers are not
 * public, issue 18): for calls whose input the API reported (a replayed log's `usage`), the stand-in's
 * count of the same input over the reported figure. 1.0 means the stand-in counted what was billed;
 * 0.9 means it counted 10% fewer tokens. Pure: the readers of logs (io) pair the figures.
 */

/** One call: our stand-in count of the input it sent, and the input tokens the API reported for it. */
export interface CalibrationSample {
  readonly counted: number;
  readonly reported: number;
}

export interface Calibration {
  /** Calls used: those with a reported figure above 0 and a count of 0 or more. */
  readonly samples: number;
  readonly counted: number;
  readonly reported: number;
  /** counted / reported over all calls (so long calls weigh by their tokens); undefined without a call. */
  readonly ratio: number | undefined;
  /** The lowest and highest ratio of one call: how much it varies from call to call. */
  readonly minRatio: number | undefined;
  readonly maxRatio: number | undefined;
}

export function calibrate(samples: readonly CalibrationSample[]): Calibration {
  const usable = samples.filter((sample) => sample.reported > 0 && sample.counted >= 0 && Number.isFinite(sample.counted) && Number.isFinite(sample.reported));
  const counted = usable.reduce((sum, sample) => sum + sample.counted, 0);
  const reported = usable.reduce((sum, sample) => sum + sample.reported, 0);
  const ratios = usable.map((sample) => sample.counted / sample.reported);
  return {
    samples: usable.length,
    counted,
    reported,
    ratio: usable.length === 0 ? undefined : counted / reported,
    minRatio: usable.length === 0 ? undefined : Math.min(...ratios),
    maxRatio: usable.length === 0 ? undefined : Math.max(...ratios),
  };
}

/** A stand-in count corrected by a calibration (still an estimate): counted / ratio, rounded. */
export function calibratedTokens(counted: number, calibration: Pick<Calibration, 'ratio'>): number | undefined {
  return calibration.ratio === undefined || calibration.ratio <= 0 ? undefined : Math.round(counted / calibration.ratio);
}
