// Every built-in prompt template of generation and judging, in one list for the library.
import { JUDGE_TEMPLATES } from './judgeTemplates';
import type { PromptTemplate } from './promptTemplate';
import { SELF_INSTRUCT_TEMPLATES } from './templates/selfInstructTemplates';

export const BUILT_IN_TEMPLATES: readonly PromptTemplate[] = [...JUDGE_TEMPLATES, ...SELF_INSTRUCT_TEMPLATES];
