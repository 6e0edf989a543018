// Every generation strategy Seedling offers, by id.
import { selfInstruct } from './selfInstruct';
import type { Strategy, StrategyId } from './strategy';

export const STRATEGIES: Readonly<Partial<Record<StrategyId, Strategy>>> = {
  'self-instruct': selfInstruct,
};
