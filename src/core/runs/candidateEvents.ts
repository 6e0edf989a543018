// The events of `candidates.jsonl`: everything that happens to a candidate, one JSON line each.
import { z } from 'zod';
import { sample } from '../model/sample';

export const JOURNAL_VERSION = 1;

const timestamp = z.iso.datetime({ offset: true });
const tokens = z.number().int().nonnegative();

/**
 * Who made a decision: the reviewer, a quality rule, the judge, deduplication, the budget
 * running out, or the run having all the candidates it was asked for (surplus).
 */
export const decisionSource = z.enum(['user', 'rule', 'judge', 'dedup', 'budget', 'surplus']);
export type DecisionSource = z.infer<typeof decisionSource>;

export const provenance = z.object({
  strategy: z.string(),
  models: z.array(z.string()),
  templateHash: z.string(),
  /** The seed records it came from, e.g. "line:12". */
  seedIds: z.array(z.string()),
  at: timestamp,
  usage: z.object({ promptTokens: tokens, completionTokens: tokens }),
  /** Cache keys of the requests that produced it, so a resumed run finds their answers again. */
  requestKeys: z.array(z.string()).optional(),
});
export type Provenance = z.infer<typeof provenance>;

export const flag = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  /** The other candidate or seed involved, e.g. the near-duplicate. */
  otherId: z.string().optional(),
});
export type Flag = z.infer<typeof flag>;

export const verdict = z.object({
  overall: z.number(),
  criteria: z.array(z.object({ name: z.string(), score: z.number(), reason: z.string() })),
  critique: z.string().optional(),
  models: z.array(z.string()),
  /** How far several judges agreed, when more than one judged. */
  agreement: z.number().optional(),
  /** The rubric it was judged by, and whether it passed it. */
  rubric: z.string().optional(),
  passed: z.boolean().optional(),
  /** Judges two or more points apart: a human should look. */
  disagreement: z.boolean().optional(),
  /** Preference pairs: which response the judges found better. */
  preferred: z.enum(['chosen', 'rejected', 'tie']).optional(),
});
export type Verdict = z.infer<typeof verdict>;

/** An event schema: the header every line starts with (in this order), then the payload of `type`. */
function eventOf<const T extends string, S extends z.ZodRawShape>(type: T, payload: S) {
  return z.object({ v: z.literal(JOURNAL_VERSION), at: timestamp, type: z.literal(type), candidateId: z.string().min(1), ...payload });
}

export const generatedEvent = eventOf('generated', { sample, provenance, nearestSeedId: z.string().optional() });
export const checkedEvent = eventOf('checked', { flags: z.array(flag) });
export const judgedEvent = eventOf('judged', { verdict });
export const acceptedEvent = eventOf('accepted', { by: decisionSource, reason: z.string().optional() });
export const rejectedEvent = eventOf('rejected', { by: decisionSource, reason: z.string().optional() });
/** Undoes a decision: the candidate is pending again. */
export const reopenedEvent = eventOf('reopened', { by: z.literal('user') });
/** A new version of the sample: the reviewer's edit, a fix with the critique, or a regeneration. */
export const editedEvent = eventOf('edited', { sample, by: z.enum(['user', 'fix', 'regenerate']) });
export const savedEvent = eventOf('saved', { outputFile: z.string().min(1), contentHash: z.string().min(1) });
export const failedEvent = eventOf('failed', { error: z.string(), retryable: z.boolean() });

export const candidateEvent = z.discriminatedUnion('type', [
  generatedEvent,
  checkedEvent,
  judgedEvent,
  acceptedEvent,
  rejectedEvent,
  reopenedEvent,
  editedEvent,
  savedEvent,
  failedEvent,
]);
export type CandidateEvent = z.infer<typeof candidateEvent>;
export type CandidateEventType = CandidateEvent['type'];
export type CandidateEventOf<T extends CandidateEventType> = Extract<CandidateEvent, { type: T }>;
/** What an event of type T carries besides the header every event has. */
export type CandidateEventPayload<T extends CandidateEventType> = Omit<CandidateEventOf<T>, 'v' | 'at' | 'type' | 'candidateId'>;

export const CANDIDATE_EVENT_TYPES: readonly CandidateEventType[] = candidateEvent.options.map((option) => option.shape.type.value);

/** An event stamped with the journal version and the time; validation happens when it is appended. */
export function makeEvent<T extends CandidateEventType>(type: T, candidateId: string, payload: CandidateEventPayload<T>, now: Date = new Date()): CandidateEventOf<T> {
  const header = { v: JOURNAL_VERSION, at: now.toISOString(), type, candidateId };
  // The header leads, as in the journal; spread again last so a stray payload field cannot override it.
  return { ...header, ...payload, ...header } as CandidateEventOf<T>;
}
