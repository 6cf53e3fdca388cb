// The size of a Parquet row group, apart from the writer so the command line can size its blocks
// without loading it.

/** Samples in a row group at most; fewer for wide configs. */
const MAX_ROW_GROUP = 1 << 20;
/** Values a row group buffers at most. */
const ROW_GROUP_VALUES = 1 << 22;

/**
 * Samples in each row group of a config: a power of two up to 2^20, with at most 2^22 values. The
 * command line makes blocks of this size when it writes Parquet, one row group each.
 */
export function parquetRowGroupSize(metrics: number): number {
  let rows = MAX_ROW_GROUP;
  while (rows > 1024 && rows * Math.max(1, metrics) > ROW_GROUP_VALUES) rows /= 2;
  return rows;
}
