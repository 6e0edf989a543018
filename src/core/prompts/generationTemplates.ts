// Every built-in prompt template of generation, judging and revision, in one list for the library.
import { JUDGE_TEMPLATES } from './judgeTemplates';
import type { PromptTemplate } from './promptTemplate';
import { AUGMENTATION_TEMPLATES } from './templates/augmentationTemplates';
import { CLASSIFICATION_TEMPLATES } from './templates/classificationTemplates';
import { DISTILLATION_TEMPLATES } from './templates/distillationTemplates';
import { EVOL_INSTRUCT_TEMPLATES } from './templates/evolInstructTemplates';
import { MIXTURE_OF_AGENTS_TEMPLATES } from './templates/mixtureOfAgentsTemplates';
import { MULTI_TURN_TEMPLATES } from './templates/multiTurnTemplates';
import { PREFERENCE_TEMPLATES } from './templates/preferenceTemplates';
import { REVISION_TEMPLATES } from './templates/revisionTemplates';
import { SELF_INSTRUCT_TEMPLATES } from './templates/selfInstructTemplates';

export const BUILT_IN_TEMPLATES: readonly PromptTemplate[] = [
  ...JUDGE_TEMPLATES,
  ...SELF_INSTRUCT_TEMPLATES,
  ...EVOL_INSTRUCT_TEMPLATES,
  ...DISTILLATION_TEMPLATES,
  ...AUGMENTATION_TEMPLATES,
  ...MULTI_TURN_TEMPLATES,
  ...PREFERENCE_TEMPLATES,
  ...CLASSIFICATION_TEMPLATES,
  ...MIXTURE_OF_AGENTS_TEMPLATES,
  ...REVISION_TEMPLATES,
];
