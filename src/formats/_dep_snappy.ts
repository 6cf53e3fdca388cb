// snappyjs, Snappy's block format in plain JavaScript: the one place it is named, with a full
// specifier, so the module also works when imported by URL (a remote module gets no import map).
// @ts-types="./_dep_snappy.d.ts"
export { compress as snappyCompress, uncompress as snappyUncompress } from "npm:snappyjs@^0.7.0";
