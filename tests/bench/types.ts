/** One line of the benchmark table printed by `npm run bench`. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The goal, for people, e.g. "<= 50 ms". */
  target?: string;
  note?: string;
}
