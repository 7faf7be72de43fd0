/**
 * One line of the bench's table: what was measured, the number, and the target for it.
 * `met` is null where a line has no target (context, such as the floor or the bare-framework baseline).
 */
export interface BenchRow {
  area: 'fan-out' | 'inbound' | 'reads' | 'memory';
  measure: string;
  value: string;
  target: string;
  met: boolean | null;
  /** Why a target is missed, or what the number means; printed under the table. */
  note?: string;
}

export interface BenchSection {
  rows: BenchRow[];
  /** Free text for results.md: the set-up (sizes, rates, scale factors) in a sentence or two each. */
  setup: string[];
}
