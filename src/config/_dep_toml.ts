// smol-toml, the TOML parser: the one place it is named, with a full specifier, so the module
// also works when imported by URL (a remote module gets no import map).
export { parse as parseToml, TomlError } from "npm:smol-toml@^1.9.1";
