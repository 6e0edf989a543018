// The rubrics there are, by id: apart from their criteria, so the webview protocol can name
// them without pulling in the file loading of rubrics.ts.
export const RUBRIC_IDS = ['instruction', 'dialogue', 'classification', 'preference'] as const;
export type RubricId = (typeof RUBRIC_IDS)[number];
