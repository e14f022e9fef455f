// Every Redis key and consumer name eddy uses is built here (see STYLE.md).

/** Stream of partition p of a partitioned source: `sensors:{sensors:3}`. The hash tag puts all of a partition's keys in one cluster slot. */
export function partitionStream(base: string, p: number): string {
  return `${base}:{${base}:${p}}`;
}

/**
 * The consumer name a partition is read under. One stable name per partition (not per process):
 * whoever owns the partition next finds its predecessor's pending entries under the same name and
 * reads them first, so nothing needs claiming.
 */
export function partitionConsumer(partition: number): string {
  return `eddy-p${partition}`;
}
