// Every door besides the config, tried as a hostile user would: a tampered manifest in the
// output folder, requests and flags to serve, recorded inputs, and what score reads. Each ends
// in a run that works, or exit 2 with one escaped line per problem, nothing written or removed
// outside the output folder, memory and time bounded by what the input declares.
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { assertWholeSet } from "./_folder.ts";
import { exists, freshDir, runCli } from "./_run_cli.ts";
import { freePort, rawRequest, startServe } from "./_serve.ts";

const decoder = new TextDecoder();

/** A run of the command line in process whose stderr must be exactly `lines`, exit 2. */
async function refused(args: string[], lines: string[]): Promise<void> {
  const run = await runCli(args);
  deepStrictEqual(run.stderr, lines, `${args.join(" ")}: exit ${run.status}`);
  strictEqual(run.status, 2);
}

/** Writes a config whose recorded input is `name` (written beside it with `text`). */
async function inputConfig(dir: string, name: string, text: string): Promise<string> {
  await Deno.writeTextFile(`${dir}/${name}`, text);
  await Deno.writeTextFile(`${dir}/${name}.toml`, `[general]\ninput = "${name}"\n[metrics]\n`);
  return `${dir}/${name}.toml`;
}

/** A symbolic link, made by ln: Deno.symlink would need every read and write permission. */
function symlink(target: string, path: string): void {
  const made = new Deno.Command("ln", { args: ["-s", target, path] }).outputSync();
  ok(made.success, decoder.decode(made.stderr));
}

function prometheusAnswer(result: unknown): string {
  return JSON.stringify({ status: "success", data: { resultType: "matrix", result } });
}

// The output folder: names read from an old manifest.

Deno.test("a planted manifest naming files outside the folder removes nothing outside it", async () => {
  const dir = await freshDir("hostile_manifest");
  await Deno.mkdir(`${dir}/out`);
  const victims = [`${dir}/victim.test.csv`, `${dir}/passwd`, `${dir}/out.csv`];
  for (const victim of victims) await Deno.writeTextFile(victim, "keep me\n");
  // A file of a run's own kind, which the old manifest rightly names, goes.
  await Deno.writeTextFile(`${dir}/out/timeeval-old.test.csv`, "old\n");
  const names = [
    "timeeval-/../../victim.test.csv",
    "timeeval-/../victim.test.csv",
    "../passwd",
    `${Deno.cwd()}/${dir}/passwd`,
    "timeeval-a\\..\\..\\out.test.csv",
    "../out.csv",
    "timeeval-old.test.csv",
  ];
  await Deno.writeTextFile(
    `${dir}/out/manifest.json`,
    JSON.stringify({ files: names.map((name) => ({ name })) }),
  );
  const run = await runCli(["-c", "configs/config.toml", "-o", `${dir}/out`, "-q", "--no-plot"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  for (const victim of victims) strictEqual(await Deno.readTextFile(victim), "keep me\n");
  strictEqual(await exists(`${dir}/out/timeeval-old.test.csv`), false);
  assertWholeSet(`${dir}/out`);
});

// serve: flags, configs and requests.

Deno.test("serve refuses every --speed outside 0.000001-1e9 with one line and the value", async () => {
  const dir = await freshDir("hostile_speed");
  await Deno.writeTextFile(`${dir}/a.toml`, "[general]\nnum_samples = 5\n[metrics.a]\nvalue = 1\n");
  for (const speed of ["-1", "0", "NaN", "Infinity", "1e-400", "1e308", "0x10", "", " "]) {
    await refused(["serve", "-c", `${dir}/a.toml`, "--speed", speed], [
      `error: --speed: must be a number from 0.000001 to 1000000000: got "${speed}"`,
      "Run with --help for usage.",
    ]);
  }
});

Deno.test("serve refuses a recorded input's config in one line, before asking for its keys", async () => {
  const dir = await freshDir("hostile_serve_input");
  const config = await inputConfig(dir, "in.csv", "timestamp,a\n1767225600,1\n");
  await refused(["serve", "-c", config], [
    `error: ${config}: general.input: serve shows synthetic series only; write a recorded input's files with the command line instead`,
  ]);
});

Deno.test("serve answers malformed requests with 400, never 500 or a stack, and serves on", async () => {
  const dir = await freshDir("hostile_requests");
  await Deno.writeTextFile(
    `${dir}/a.toml`,
    "[general]\nseed = 1\nnum_samples = 50\n[metrics.a]\nvalue = 1\n",
  );
  const port = freePort();
  // A sample every nanosecond, looping: the index wraps around on every scrape.
  const serve = await startServe(`${dir}/a.toml`, port, ["--speed", "1e9", "--loop"]);
  try {
    const cases: [string, number][] = [
      ["GET /metrics HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n", 400],
      ["GET /metrics HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n", 400],
      ["GET http://elsewhere/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200],
      ["GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n", 200],
      ["POST /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405],
      ["GET /%zz/../.. HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404],
      ["NOT HTTP AT ALL\r\n\r\n", 400],
    ];
    for (const [request, status] of cases) {
      strictEqual(await rawRequest(port, request), status, JSON.stringify(request));
    }
    // After a second at 10^9 samples a second, the index is still a sample of the series.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (let i = 0; i < 5; i++) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const index = Number(/^chaos_sample_index (\d+)$/m.exec(text)?.[1]);
      ok(index >= 0 && index < 50, text);
    }
  } finally {
    serve.kill("SIGTERM");
  }
  const { code, stderr } = await serve.output();
  strictEqual(code, 0);
  const lines = decoder.decode(stderr).trim().split("\n");
  ok(lines.every((line) => !/^\s+at /.test(line) && !line.startsWith("error")), lines.join("\n"));
});

// Recorded input.

Deno.test("a recorded CSV header over 1 MiB is read: one 2 MB name, 50,000 long names", async () => {
  const dir = await freshDir("hostile_wide_header");
  const long = "n".repeat(2_000_000);
  const wide = await inputConfig(
    dir,
    "long.csv",
    `timestamp,${long}\n1767225600,1\n1767225660,2\n`,
  );
  const run = await runCli(["-c", wide, "-o", `${dir}/a`, "-q", "--no-plot"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  const metrics = await Deno.readTextFile(`${dir}/a/metrics.csv`);
  strictEqual(metrics, `timestamp,${long}\n2026-01-01T00:00:00Z,1.0\n2026-01-01T00:01:00Z,2.0\n`);
  const names = Array.from({ length: 50_000 }, (_, j) => `metric_with_a_long_name_${j}`);
  const many = await inputConfig(
    dir,
    "many.csv",
    `timestamp,${names.join(",")}\n1767225600,${names.map((_, j) => j).join(",")}\n`,
  );
  const manyRun = await runCli(["-c", many, "-o", `${dir}/b`, "-q", "--no-plot"]);
  strictEqual(manyRun.status, 0, manyRun.stderr.join("\n"));
  const row = (await Deno.readTextFile(`${dir}/b/metrics.csv`)).split("\n")[1].split(",");
  deepStrictEqual([row.length, row[1], row[50_000]], [50_001, "0.0", "49999.0"]);
});

Deno.test("a recorded CSV line over 16 Mi characters is refused in one line, not held", async () => {
  const dir = await freshDir("hostile_long_line");
  const config = await inputConfig(
    dir,
    "in.csv",
    `timestamp,a\n1767225600,${"1".repeat(17 << 20)}`,
  );
  await refused(["-c", config, "-o", `${dir}/out`], [
    `error: ${dir}/in.csv: line 2 is longer than 16 Mi characters; is it a CSV file?`,
  ]);
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("impossible date-times in a recorded input are refused, never moved to another day", async () => {
  const dir = await freshDir("hostile_dates");
  const cases: [string, string][] = [
    ["2026-02-30T00:00:00Z", "no such day: February 2026 has 28 days"],
    ["2100-02-29T00:00:00Z", "no such day: February 2100 has 28 days"],
    ["2026-01-01T25:00:00Z", "hour 25 is not 00-23"],
    ["2026-01-01T00:61:00Z", "minute 61 is not 00-59"],
    ["2026-01-01T00:00:60Z", "second 60 is not 00-59"],
    ["2026-01-01T00:00:00+99:99", "offset +99:99 is not -23:59 to +23:59"],
    ["2026-13-01T00:00:00Z", "month 13 is not 01-12"],
    ["2026-01-01T00:00:00", "it has no offset (Z or +HH:MM), so it names no instant"],
    ["2026-01-01T00:00Z", "not of the form YYYY-MM-DDTHH:MM:SS with Z or +HH:MM"],
  ];
  for (const [i, [time, why]] of cases.entries()) {
    const config = await inputConfig(dir, `d${i}.csv`, `timestamp,a\n${time},1\n`);
    await refused(["-c", config, "-o", `${dir}/out`], [
      `error: ${dir}/d${i}.csv: line 2: the time must be an RFC 3339 date-time with an offset, such as 2026-01-01T00:00:00Z: got "${time}"; ${why}`,
    ]);
  }
  // Leap years and offsets that are real are read.
  const fine = await inputConfig(
    dir,
    "fine.csv",
    "timestamp,a\n2024-02-29T23:59:00-01:30\n2024-03-01T01:30:00Z,2\n".replace(
      "-01:30\n",
      "-01:30,1\n",
    ),
  );
  const run = await runCli(["-c", fine, "-o", `${dir}/ok`, "-q", "--no-plot"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  strictEqual(
    await Deno.readTextFile(`${dir}/ok/metrics.csv`),
    "timestamp,a\n2024-03-01T01:29:00Z,1.0\n2024-03-01T01:30:00Z,2.0\n",
  );
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("recorded times a date cannot hold are refused in one line", async () => {
  const dir = await freshDir("hostile_times");
  const far = "outside the times a date can hold (years -271821 to 275760)";
  const csv: [string, string][] = [
    ["9000000000000000", `the time must be epoch milliseconds: got "9000000000000000"; ${far}`],
    ["-9000000000000000", `the time must be epoch milliseconds: got "-9000000000000000"; ${far}`],
  ];
  for (const [i, [time, message]] of csv.entries()) {
    const config = await inputConfig(dir, `t${i}.csv`, `timestamp,a\n${time},1\n`);
    await refused(["-c", config, "-o", `${dir}/out`], [
      `error: ${dir}/t${i}.csv: line 2: ${message}`,
    ]);
  }
  const json: [string, string][] = [
    ["-1e13", "-10000000000000"],
    ["1e400", "Infinity"],
  ];
  for (const [i, [time, shown]] of json.entries()) {
    const text = `{"status":"success","data":{"resultType":"matrix","result":[` +
      `{"metric":{"__name__":"a"},"values":[[${time},"1"]]}]}}`;
    const config = await inputConfig(dir, `t${i}.json`, text);
    await refused(["-c", config, "-o", `${dir}/out`], [
      `error: ${dir}/t${i}.json: series 1, point 1: time ${shown} is ${far}`,
    ]);
  }
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("hexadecimal, binary and octal literals are not numbers in a recorded input", async () => {
  const dir = await freshDir("hostile_radix");
  for (
    const [i, cell] of ["0x10", "0b101", "0o17", "0X1F", " 0x10", "Infinity", "1_000"].entries()
  ) {
    const csv = await inputConfig(dir, `r${i}.csv`, `timestamp,a\n1767225600,${cell}\n`);
    await refused(["-c", csv, "-o", `${dir}/out`], [
      `error: ${dir}/r${i}.csv: line 2, column "a": not a finite decimal number: "${cell.trim()}"`,
    ]);
    const json = await inputConfig(
      dir,
      `r${i}.json`,
      prometheusAnswer([{ metric: { __name__: "a" }, values: [[1767225600, cell]] }]),
    );
    await refused(["-c", json, "-o", `${dir}/out`], [
      `error: ${dir}/r${i}.json: series 1, point 1: value "${cell}" is not a decimal number`,
    ]);
  }
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("Prometheus answers of the wrong shape are refused in one line each", async () => {
  const dir = await freshDir("hostile_prometheus");
  const point = [[1767225600, "1"]];
  const cases: [string, string][] = [
    [
      `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"a",` +
      `"x":${"[".repeat(100_000)}${"]".repeat(100_000)}},"values":[]}]}}`,
      "nested more than 16 levels deep: not a Prometheus query_range answer (5 levels)",
    ],
    [
      prometheusAnswer([{ metric: null, values: point }]),
      `series 1: must be an object with "metric" (its labels) and "values" (its points)`,
    ],
    [
      prometheusAnswer([{ metric: { __name__: "a" }, values: "1,2" }]),
      `series 1: must be an object with "metric" (its labels) and "values" (its points)`,
    ],
    [
      prometheusAnswer([{ metric: { __name__: 5 }, values: point }]),
      `series 1: label "__name__" must be a string: got number "5"`,
    ],
    [
      prometheusAnswer([{ metric: { job: ["a"] }, values: point }]),
      `series 1: label "job" must be a string: got an array`,
    ],
    [
      prometheusAnswer([{ metric: { __name__: "a" }, values: [[1767225600, 1]] }]),
      `series 1, point 1: must be [seconds, "value"]`,
    ],
    [
      prometheusAnswer([
        { metric: { __name__: "a", job: "x" }, values: point },
        { metric: { job: "x", __name__: "a" }, values: [[1767225660, "2"]] },
      ]),
      `series 1 and 2 are the same series, "a{job=\\"x\\"}": an answer holds each series once`,
    ],
    [
      prometheusAnswer([{ metric: {}, values: point }, { metric: {}, values: point }]),
      `series 1 and 2 are the same series, "{}": an answer holds each series once`,
    ],
    [
      prometheusAnswer([
        { metric: { __name__: "a" }, values: [[1767225600, "1"], [1767225600, "5"]] },
      ]),
      "series 1, point 2: times must increase: 1767225600 comes after 1767225600 (a time twice)",
    ],
    [
      prometheusAnswer([
        { metric: { __name__: "a" }, values: [[1767225660, "1"], [1767225600, "5"]] },
      ]),
      "series 1, point 2: times must increase: 1767225600 comes after 1767225660",
    ],
    [
      prometheusAnswer([
        { metric: { __name__: "a" }, values: [[0, "1"], [0.001, "1"], [1e9, "2"]] },
      ]),
      "its 3 points span 1000000000001 samples of 1 ms (the shortest step between two times) for 1 series: more than 64 samples a point; query with a step that matches the data",
    ],
    [
      prometheusAnswer(
        Array.from({ length: 100_001 }, (_, i) => ({ metric: { i: String(i) }, values: point })),
      ),
      "holds 100001 series: at most 100000 are read",
    ],
    [
      JSON.stringify({ status: "error", errorType: "bad_data", error: "parse error" }),
      `a Prometheus error answer: "parse error"`,
    ],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    const config = await inputConfig(dir, `p${i}.json`, text);
    await refused(["-c", config, "-o", `${dir}/out`], [`error: ${dir}/p${i}.json: ${message}`]);
  }
  strictEqual(await exists(`${dir}/out`), false);
});

Deno.test("a Prometheus answer over 64 MiB is refused before it is parsed", async () => {
  const dir = await freshDir("hostile_prometheus_size");
  const config = await inputConfig(dir, "big.json", `{"pad":"${"x".repeat(65 << 20)}"}`);
  await refused(["-c", config, "-o", `${dir}/out`], [
    "error: tests/tmp/hostile_prometheus_size/big.json: a Prometheus answer of more than 64 MiB is not read",
  ]);
});

/** Runs the CLI in a child process with `-R=allowed,cli.ts's folder`; returns status and stderr. */
async function runRestricted(allowed: string[], args: string[]) {
  const program = Deno.cwd();
  const child = new Deno.Command("deno", {
    args: ["run", `-R=${[...allowed, program].join(",")}`, `-W=${allowed[0]}`, "cli.ts", ...args],
    stdout: "null",
    stderr: "piped",
  });
  const { code, stderr } = await child.output();
  return { code, stderr: decoder.decode(stderr).trimEnd().split("\n") };
}

Deno.test("a link inside the granted folder to a file outside it is refused, not followed", async () => {
  // Outside the program's folder, which the child may read whole.
  const dir = await Deno.makeTempDir({ prefix: "chaos-datagen-links-" });
  const allowed = `${dir}/allowed`;
  await Deno.mkdir(`${allowed}/real`, { recursive: true });
  await Deno.mkdir(`${dir}/outside`);
  await Deno.writeTextFile(`${dir}/outside/secret.csv`, "timestamp,secret\n1767225600,42\n");
  symlink(`${dir}/outside/secret.csv`, `${allowed}/link.csv`);
  symlink(`${dir}/outside`, `${allowed}/folder`);
  await Deno.writeTextFile(`${allowed}/real/in.csv`, "timestamp,cpu\n1767225600,7\n");
  // A link that stays inside the granted folder is read like the file.
  symlink("real/in.csv", `${allowed}/inside.csv`);
  for (const name of ["link.csv", "folder/secret.csv"]) {
    await Deno.writeTextFile(`${allowed}/c.toml`, `[general]\ninput = "${name}"\n[metrics]\n`);
    const run = await runRestricted([allowed], ["-c", `${allowed}/c.toml`, "-o", `${allowed}/out`]);
    strictEqual(run.code, 2, run.stderr.join("\n"));
    deepStrictEqual(run.stderr, [
      `error: cannot read input "${allowed}/${name}": it leads by a link to "${dir}/outside/secret.csv", which Deno may not read (-R); give that file, or grant it with -R=${dir}/outside/secret.csv`,
    ]);
    strictEqual(await exists(`${allowed}/out`), false);
  }
  await Deno.writeTextFile(`${allowed}/c.toml`, `[general]\ninput = "inside.csv"\n[metrics]\n`);
  const inside = await runRestricted([allowed], [
    "-c",
    `${allowed}/c.toml`,
    "-o",
    `${allowed}/out`,
  ]);
  strictEqual(inside.code, 0, inside.stderr.join("\n"));
  strictEqual(
    await Deno.readTextFile(`${allowed}/out/metrics.csv`),
    "timestamp,cpu\n2026-01-01T00:00:00Z,7.0\n",
  );
  await Deno.remove(dir, { recursive: true });
});

// score: what it reads.

/** A run with its labels as detections, for score to read. */
async function scoredRun(dir: string): Promise<{ out: string; labels: string }> {
  const out = `${dir}/out`;
  const run = await runCli(["-c", "configs/readme_example.toml", "-o", out, "-q", "--no-plot"]);
  strictEqual(run.status, 0, run.stderr.join("\n"));
  return { out, labels: await Deno.readTextFile(`${out}/labels.csv`) };
}

Deno.test("score reports at most 100 problems of a header and counts the rest", async () => {
  const dir = await freshDir("hostile_score_header");
  const { out } = await scoredRun(dir);
  const header = Array.from({ length: 1_000_000 }, (_, i) => `x${i}`).join(",");
  await Deno.writeTextFile(`${dir}/d.csv`, `sample,${header}\n`);
  const run = await runCli(["score", out, `${dir}/d.csv`]);
  strictEqual(run.status, 2);
  strictEqual(run.stderr.length, 101);
  strictEqual(run.stderr[0], `error: "${dir}/d.csv": no metric "x0" in the run`);
  strictEqual(run.stderr[100], "error: ... and 999901 more problems");
});

Deno.test("score refuses rows that are not their own sample's: extra cells, wrong or reversed indices", async () => {
  const dir = await freshDir("hostile_score_rows");
  const { out, labels } = await scoredRun(dir);
  const lines = labels.trimEnd().split("\n");
  const edit = (line: number, text: string) =>
    [...lines.slice(0, line), text, ...lines.slice(line + 1)].join("\n") + "\n";
  const rest = (line: number) => lines[line].split(",").slice(1).join(",");
  const cases: [string, string][] = [
    [edit(3, lines[3] + ",1"), `line 4: 6 cells, the header has 5`],
    [edit(3, `-1,${rest(3)}`), `line 4: the first cell must be sample 2: got "-1"`],
    [
      edit(3, `99999999999999,${rest(3)}`),
      `line 4: the first cell must be sample 2: got "99999999999999"`,
    ],
    [
      [lines[0], ...lines.slice(1).reverse()].join("\n") + "\n",
      `line 2: the first cell must be sample 0: got "149"`,
    ],
    [lines.join("\n") + "\n150,0\n", "more rows than the run's 150 samples"],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    await Deno.writeTextFile(`${dir}/d${i}.csv`, text);
    const suffix = message.includes("first cell") ? " (rows in sample order, one per sample)" : "";
    await refused(["score", out, `${dir}/d${i}.csv`], [
      `error: "${dir}/d${i}.csv": ${message}${suffix}`,
    ]);
  }
});

Deno.test("score refuses a manifest that is not a run's, one line per problem", async () => {
  const dir = await freshDir("hostile_score_manifest");
  const { out, labels } = await scoredRun(dir);
  await Deno.writeTextFile(`${dir}/d.csv`, labels);
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  const path = `${out}/manifest.json`;
  const notOurs = (got: string) =>
    `error: ${path}: not a chaos-datagen manifest (an object whose "tool" is "chaos-datagen"): got ${got}`;
  const cases: [string, string[]][] = [
    ["{}", [notOurs("nothing")]],
    ["null", [notOurs("null")]],
    ["[]", [notOurs("an array of 0")]],
    ["not json", [
      `error: ${path}: not JSON: Unexpected token 'o', "not json" is not valid JSON; is it a run's manifest.json?`,
    ]],
    [JSON.stringify({ tool: "chaos-datagen", config: 5, metrics: "x", files: 3 }), [
      `error: ${path}: config: must be the run's config (a table): got 5`,
      `error: ${path}: files: must be an array of the files written: got 3`,
    ]],
    [JSON.stringify({ ...manifest, files: [{ name: "../../etc/passwd" }] }), [
      `error: ${path}: files[0].name: must be a plain file name, or plain names joined by "/" (rcaeval's tree), never an absolute path or "..": got "../../etc/passwd"`,
    ]],
    [JSON.stringify({ ...manifest, metrics: ["cpu"] }), [
      `error: ${path}: metrics: must list the config's metrics in order (instances, cpu_usage, memory_usage_mb, response_time_s)`,
    ]],
    [
      JSON.stringify({
        ...manifest,
        anomalies: [{ ...manifest.anomalies[0], last_sample: 149 }],
      }),
      [
        `error: ${path}: anomalies: not the faults its config makes: the manifest was edited, or written by another version`,
      ],
    ],
  ];
  for (const [text, lines] of cases) {
    await Deno.writeTextFile(path, text);
    await refused(["score", out, `${dir}/d.csv`], lines);
  }
});

Deno.test("score refuses a labels.csv that is not the one its manifest lists", async () => {
  const dir = await freshDir("hostile_score_digest");
  const { out, labels } = await scoredRun(dir);
  await Deno.writeTextFile(`${dir}/d.csv`, labels);
  const manifest = JSON.parse(await Deno.readTextFile(`${out}/manifest.json`));
  const listed = manifest.files.find((file: { name: string }) => file.name === "labels.csv");
  const changed =
    `error: "${out}/labels.csv" is not the file the manifest lists (${listed.bytes} bytes, SHA-256 ${
      listed.sha256.slice(0, 12)
    }...): it was changed after the run`;
  // One flag flipped: the same size, another digest.
  await Deno.writeTextFile(`${out}/labels.csv`, labels.replace("\n0,0,", "\n0,1,"));
  await refused(["score", out, `${dir}/d.csv`], [changed]);
  await Deno.writeTextFile(`${out}/labels.csv`, labels + "150,0,0\n");
  await refused(["score", out, `${dir}/d.csv`], [
    `error: cannot read labels.csv "${out}/labels.csv": larger than ${listed.bytes} bytes (${
      listed.bytes + 8
    } bytes or more); is it a labels.csv?`,
  ]);
});

Deno.test("score refuses a pipe or a device, given directly or by a link, at once", async () => {
  const dir = await freshDir("hostile_score_devices");
  const { out, labels } = await scoredRun(dir);
  await Deno.writeTextFile(`${dir}/d.csv`, labels);
  const fifo = `${dir}/fifo`;
  ok(new Deno.Command("mkfifo", { args: [fifo] }).outputSync().success);
  symlink("/dev/zero", `${dir}/zero_link`);
  symlink(`${Deno.cwd()}/${fifo}`, `${dir}/fifo_link`);
  const notRegular = "not a regular file (a pipe or a device?)";
  for (const device of [fifo, "/dev/zero", `${dir}/zero_link`, `${dir}/fifo_link`]) {
    await refused(["score", out, device], [
      `error: cannot read detections "${device}": ${notRegular}`,
    ]);
  }
  for (const [file, what] of [["manifest.json", "manifest"], ["labels.csv", "labels.csv"]]) {
    const saved = await Deno.readFile(`${out}/${file}`);
    for (const target of ["/dev/zero", `${Deno.cwd()}/${fifo}`]) {
      await Deno.remove(`${out}/${file}`);
      symlink(target, `${out}/${file}`);
      await refused(["score", out, `${dir}/d.csv`], [
        `error: cannot read ${what} "${out}/${file}": ${notRegular}`,
      ]);
    }
    // A pipe in the file's own place.
    await Deno.remove(`${out}/${file}`);
    ok(new Deno.Command("mkfifo", { args: [`${out}/${file}`] }).outputSync().success);
    await refused(["score", out, `${dir}/d.csv`], [
      `error: cannot read ${what} "${out}/${file}": ${notRegular}`,
    ]);
    await Deno.remove(`${out}/${file}`);
    await Deno.writeFile(`${out}/${file}`, saved);
  }
});

Deno.test("score --visible takes a number >= 0 and names any other value in one line", async () => {
  const dir = await freshDir("hostile_visible");
  const { out, labels } = await scoredRun(dir);
  await Deno.writeTextFile(`${dir}/d.csv`, labels);
  for (const value of ["-1", "NaN", "1e999", "", "0x10", "Infinity"]) {
    await refused(["score", out, `${dir}/d.csv`, "--visible", value], [
      `error: --visible: must be a number >= 0: got "${value}"`,
      "Run with --help for usage.",
    ]);
  }
});

// The config's date-times, read by the same reader.

Deno.test("an impossible date in a config is refused, as a TOML date or a string", async () => {
  const dir = await freshDir("hostile_config_dates");
  const base = "[metrics.a]\nvalue = 1\n";
  await Deno.writeTextFile(
    `${dir}/a.toml`,
    `[general]\nnum_samples = 2\nstart = 2026-02-30T00:00:00Z\n${base}`,
  );
  await refused(["-c", `${dir}/a.toml`, "-o", `${dir}/out`], [
    `error: ${dir}/a.toml:3:9: invalid TOML: invalid date 2026-02-30: February 2026 has 28 days`,
  ]);
  await Deno.writeTextFile(
    `${dir}/b.toml`,
    `[general]\nnum_samples = 2\nstart = "2026-02-30T00:00:00Z"\n${base}`,
  );
  await refused(["-c", `${dir}/b.toml`, "-o", `${dir}/out`], [
    `error: ${dir}/b.toml: general.start: must be an RFC 3339 date-time with an offset, such as 2026-01-01T00:00:00Z: got "2026-02-30T00:00:00Z"; no such day: February 2026 has 28 days`,
  ]);
  strictEqual(await exists(`${dir}/out`), false);
});
