import { describe, expect, it } from 'vitest';
import { calibrate, calibratedTokens } from '../../src/core/calibration.js';

describe('calibrating a stand-in against the reported input tokens', () => {
  it('weighs calls by their tokens: 900 counted for 1,000 reported and 95 for 100 is 995 / 1,100', () => {
    const calibration = calibrate([
      { counted: 900, reported: 1000 },
      { counted: 95, reported: 100 },
    ]);
    expect(calibration).toMatchObject({ samples: 2, counted: 995, reported: 1100, minRatio: 0.9, maxRatio: 0.95 });
    expect(calibration.ratio).toBeCloseTo(995 / 1100, 12);
  });

  it('leaves out calls with no reported figure, and says when none is left', () => {
    expect(calibrate([{ counted: 10, reported: 0 }, { counted: 5, reported: Number.NaN }])).toEqual({
      samples: 0,
      counted: 0,
      reported: 0,
      ratio: undefined,
      minRatio: undefined,
      maxRatio: undefined,
    });
  });

  it('corrects a count by the ratio: 900 at 0.9 is 1,000; nothing without a ratio', () => {
    expect(calibratedTokens(900, { ratio: 0.9 })).toBe(1000);
    expect(calibratedTokens(900, { ratio: undefined })).toBeUndefined();
  });
});
