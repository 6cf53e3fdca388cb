// The commit of a new set of files: the manifest is the commit record. The old manifest goes
// first, then the data files are renamed into place, files of the old set that the new one lacks
// are removed, and the new manifest comes last. A folder holding manifest.json therefore always
// holds exactly the files it lists; a commit cut short leaves no manifest, never a wrong one.
// rename() replaces a link at a final name; it never writes through one. A format's tree (the
// files under rcaeval/) is one step: its staged folder replaces the old tree in one rename. An
// old tree the new set lacks is removed only when the old manifest lists files in it.

import { join } from "./paths.ts";
import { type AtomicFile, removeEntry, type StagedTree } from "./files.ts";
import { FileError } from "./errors.ts";
import { MAX_MANIFEST_BYTES, readGivenFile } from "./read.ts";
import { FORMATS, isFormatFileName } from "../src/formats/mod.ts";

/** The manifest's name. */
export const MANIFEST_NAME = "manifest.json";

/** Every file a run may write besides the manifest, so that a new set can drop the old set's. */
export const OUTPUT_NAMES: readonly string[] = [
  ...Object.values(FORMATS).flatMap((format) => format.names),
  "metrics.svg",
];

/** The folders formats write trees of files under (rcaeval). */
export const OUTPUT_FOLDERS: readonly string[] = Object.values(FORMATS).flatMap((format) =>
  format.folder === undefined ? [] : [format.folder]
);

/** Called between the commit's steps; tests pause there to send signals. */
export type CommitHook = (step: string) => Promise<void> | void;

/**
 * Commits `files` and then `manifest` (all closed) into `directory`.
 *
 * @param directory The output folder, locked by this run.
 * @param files The data files, written under temporary names.
 * @param manifest The manifest, written under a temporary name.
 * @param hook Called after each step.
 */
export async function commitFiles(
  directory: string,
  files: readonly AtomicFile[],
  manifest: AtomicFile,
  hook?: CommitHook,
): Promise<void> {
  // The old set's files: every name a run may write, and those its manifest lists (a format may
  // write a file per metric); only those the folder holds are removed (a failed removal of each
  // name that is not there would cost a thrown error apiece).
  const present = new Set([...Deno.readDirSync(directory)].map((entry) => entry.name));
  const listed = present.has(MANIFEST_NAME) ? listedFiles(directory) : [];
  const old = new Set([...OUTPUT_NAMES, ...listed].filter((name) => present.has(name)));
  // An old tree: a format's folder holding files the old manifest lists.
  const oldTrees = OUTPUT_FOLDERS.filter((folder) =>
    present.has(folder) && listed.some((name) => name.startsWith(`${folder}/`))
  );
  if (present.has(MANIFEST_NAME)) removeIfThere(join(directory, MANIFEST_NAME));
  await hook?.(`removed ${MANIFEST_NAME}`);
  const trees = new Set<StagedTree>();
  for (const file of files) {
    const placed = putInPlace(file, trees);
    if (placed !== undefined) await hook?.(`renamed ${placed}`);
  }
  const names = new Set(files.map((file) => file.name));
  for (const name of old) {
    if (!names.has(name)) removeIfThere(join(directory, name));
  }
  const written = new Set([...trees].map((tree) => tree.name));
  for (const folder of oldTrees) {
    if (!written.has(folder)) removeEntry(join(directory, folder));
  }
  rename(manifest);
  await hook?.(`renamed ${MANIFEST_NAME}`);
}

/**
 * Puts a closed file into place: renamed, or, for a file of a tree, the whole staged tree in one
 * rename with its first file (`trees` holds those placed already).
 *
 * @returns What was renamed (`name`, or `folder/` for a tree), or undefined for a tree's later files.
 */
export function putInPlace(file: AtomicFile, trees: Set<StagedTree>): string | undefined {
  if (file.tree) {
    // The tree's files are all closed: its folder goes into place once, with the first.
    const first = !trees.has(file.tree);
    if (first) {
      trees.add(file.tree);
      file.tree.commit();
    }
    file.committed();
    return first ? `${file.tree.name}/` : undefined;
  }
  rename(file);
  return file.name;
}

function rename(file: AtomicFile): void {
  try {
    Deno.renameSync(file.temporary, file.path);
  } catch (error) {
    throw FileError.from(error, "cannot rename into place", file.path);
  }
  file.committed();
}

function removeIfThere(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      throw FileError.from(error, "cannot remove", path);
    }
  }
}

/**
 * The files the folder's manifest lists (none if it has no readable manifest), kept only when a
 * format could have written them: a manifest is input like any other, and a name such as
 * "../x", "timeeval-/../../x.test.csv" or "rcaeval/../../x" must never remove a file outside the
 * folder. (A tree's files are never removed one by one: the tree goes whole.)
 */
function listedFiles(directory: string): string[] {
  try {
    const bytes = readGivenFile(join(directory, MANIFEST_NAME), "manifest", MAX_MANIFEST_BYTES);
    const manifest = JSON.parse(new TextDecoder().decode(bytes));
    const files: unknown[] = Array.isArray(manifest?.files) ? manifest.files : [];
    return files
      .map((file) => (file as { name?: unknown })?.name)
      .filter((name): name is string => typeof name === "string" && isFormatFileName(name));
  } catch {
    return [];
  }
}
