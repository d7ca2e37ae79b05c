/**
 * A row of a chart as runs of cells drawn alike. Ink draws each <Text> through its own colour and
 * width pass, so a row of one node per cell costs tens of nodes where a few runs do.
 */
export interface TextRun {
  text: string;
  readonly color: string | undefined;
  readonly dim: boolean;
}

/** Appends `run`, joining it to the last one when they are drawn alike. */
export function pushRun(runs: TextRun[], run: TextRun): void {
  const last = runs[runs.length - 1];
  if (last && last.color === run.color && last.dim === run.dim) last.text += run.text;
  else runs.push({ ...run });
}
