// Observable Plot and linkedom's DOM, which the picture is drawn with: the one place they are
// named, with full specifiers, so the module also works when imported by URL.
export * as Plot from "npm:@observablehq/plot@^0.6.17";
export { parseHTML } from "npm:linkedom@^0.18.15/worker";
