// Every generation strategy Seedling offers, by id.
import { augmentation } from './augmentation';
import { classification } from './classification';
import { distillation } from './distillation';
import { evolInstruct } from './evolInstruct';
import { mixtureOfAgents } from './mixtureOfAgents';
import { multiTurn } from './multiTurn';
import { preferencePairs } from './preferencePairs';
import { selfInstruct } from './selfInstruct';
import type { Strategy, StrategyId } from './strategy';

export const STRATEGIES: Readonly<Record<StrategyId, Strategy>> = {
  'self-instruct': selfInstruct,
  'evol-instruct': evolInstruct,
  distillation,
  augmentation,
  'multi-turn': multiTurn,
  preference: preferencePairs,
  classification,
  'mixture-of-agents': mixtureOfAgents,
};
