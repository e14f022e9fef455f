/** Partitions 0…P-1 dealt round-robin to W workers: worker w owns every p with p mod W = w. */
export function assignPartitions(partitions: number, workers: number): number[][] {
  const out: number[][] = Array.from({ length: workers }, () => []);
  for (let p = 0; p < partitions; p++) out[p % workers]!.push(p);
  return out;
}
