// protobufjs's minimal runtime, whose wire-format Writer and Reader are used (no .proto parsing,
// no reflection): the one place it is named, with a full specifier, so the module also works
// when imported by URL (a remote module gets no import map).
export { default as protobuf } from "npm:protobufjs@^7.5.0/minimal.js";
