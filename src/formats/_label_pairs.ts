// A Prometheus label as protobuf fields: remote write's Label and the protobuf exposition's
// LabelPair are laid out alike, name (field 1) then value (field 2), both strings.

import { protobuf } from "./_dep_protobuf.ts";

/** Label.name and LabelPair.name: field 1, length-delimited. */
export const LABEL_NAME = 1 << 3 | 2;
/** Label.value and LabelPair.value: field 2, length-delimited. */
export const LABEL_VALUE = 2 << 3 | 2;

/**
 * Each label's message bytes (its name and value fields), in the order given.
 *
 * @param pairs `[name, value]` pairs.
 * @returns One message body per pair.
 *
 * @example
 * ```ts
 * import { labelPairFields } from "./_label_pairs.ts";
 * import { deepStrictEqual } from "node:assert/strict";
 *
 * const [pair] = labelPairFields([["a", "b"]]);
 * // Field 1 ("a"), then field 2 ("b"), each a tag, a length and the bytes.
 * deepStrictEqual([...pair], [10, 1, 97, 18, 1, 98]);
 * ```
 */
export function labelPairFields(pairs: readonly (readonly [string, string])[]): Uint8Array[] {
  return pairs.map(([name, value]) =>
    protobuf.Writer.create().uint32(LABEL_NAME).string(name).uint32(LABEL_VALUE).string(value)
      .finish()
  );
}
