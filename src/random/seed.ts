// The one source of nondeterminism in the core: a seed for configs that give none. The seed
// drawn is always reported (result, manifest), so the run can be repeated.

/** A random seed in [0, 2^32): short enough to copy into a config. */
export function drawSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
