// The two functions of snappyjs used here; the package ships no types.
export function compress(input: Uint8Array): Uint8Array<ArrayBuffer>;
export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
