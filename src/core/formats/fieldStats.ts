// What `seedling inspect` reports about a dataset's fields, gathered in one pass with
// memory that does not grow with the file (percentiles come from a bounded sample).
import type { Sample } from '../model/sample';
import type { JsonObject } from './recordFormats';

const RESERVOIR_SIZE = 10_000;

/** Keeps a uniform sample of at most RESERVOIR_SIZE numbers (deterministic, for repeatable output). */
class Reservoir {
  private readonly values: number[] = [];
  private seen = 0;
  private seed = 0x2545f491;
  min = Infinity;
  max = -Infinity;
  sum = 0;

  add(value: number): void {
    this.seen++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.values.length < RESERVOIR_SIZE) {
      this.values.push(value);
      return;
    }
    // xorshift: cheap, deterministic
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    const slot = (this.seed >>> 0) % this.seen;
    if (slot < RESERVOIR_SIZE) this.values[slot] = value;
  }

  summary(): NumberSummary | undefined {
    if (this.seen === 0) return undefined;
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { count: this.seen, min: this.min, mean: this.sum / this.seen, p50: at(0.5), p95: at(0.95), max: this.max };
  }
}

export interface NumberSummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export interface FieldSummary {
  readonly name: string;
  readonly present: number;
  readonly empty: number;
  readonly types: Readonly<Record<string, number>>;
  /** Characters of string values, items of list values. */
  readonly length?: NumberSummary;
}

export interface FieldStatsSummary {
  readonly records: number;
  readonly fields: readonly FieldSummary[];
  /** Dialogues: user turns per record. */
  readonly turns?: NumberSummary;
  /** Classification: records per label, most frequent first. */
  readonly labels?: readonly { readonly label: string; readonly count: number }[];
}

interface FieldAccumulator {
  present: number;
  empty: number;
  types: Map<string, number>;
  length: Reservoir;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value;
}

export class FieldStats {
  private records = 0;
  private readonly fields = new Map<string, FieldAccumulator>();
  private readonly turns = new Reservoir();
  private readonly labels = new Map<string, number>();

  add(source: JsonObject, sample: Sample): void {
    this.records++;
    for (const [name, value] of Object.entries(source)) {
      let field = this.fields.get(name);
      if (!field) {
        field = { present: 0, empty: 0, types: new Map(), length: new Reservoir() };
        this.fields.set(name, field);
      }
      field.present++;
      const type = typeName(value);
      field.types.set(type, (field.types.get(type) ?? 0) + 1);
      if (typeof value === 'string') {
        field.length.add(value.length);
        if (value.trim().length === 0) field.empty++;
      } else if (Array.isArray(value)) {
        field.length.add(value.length);
        if (value.length === 0) field.empty++;
      } else if (value === null) field.empty++;
    }
    if (sample.kind === 'chat') this.turns.add(sample.messages.filter((m) => m.role === 'user').length);
    if (sample.kind === 'classification') {
      const label = String(sample.label);
      this.labels.set(label, (this.labels.get(label) ?? 0) + 1);
    }
  }

  summary(): FieldStatsSummary {
    const fields = [...this.fields].map(([name, field]): FieldSummary => {
      const length = field.length.summary();
      return { name, present: field.present, empty: field.empty, types: Object.fromEntries(field.types), ...(length ? { length } : {}) };
    });
    const turns = this.turns.summary();
    const labels = [...this.labels].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    return { records: this.records, fields, ...(turns ? { turns } : {}), ...(labels.length > 0 ? { labels } : {}) };
  }
}
