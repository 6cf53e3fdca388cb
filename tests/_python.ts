// Runs Python code for the tests that read our files with the real consumers (DuckDB, polars,
// scikit-learn); they are skipped where Python or the module is missing.

/** Runs `code` with python3: whether it succeeded, and its stdout (or stderr on failure). */
export function python(code: string): { ok: boolean; out: string } {
  try {
    const { success, stdout, stderr } = new Deno.Command("python3", { args: ["-c", code] })
      .outputSync();
    return { ok: success, out: new TextDecoder().decode(success ? stdout : stderr).trim() };
  } catch (error) {
    return { ok: false, out: String(error) };
  }
}
