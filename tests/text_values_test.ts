// The one reader of date-times and the one reader of numbers that the config, the recorded
// input, score and the flags share, and the file names a manifest may name.
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { dateTimeMs, dateTimeProblem, daysInMonth, MAX_TIME_MS } from "../src/text/datetime.ts";
import { parseDecimal } from "../src/text/numbers.ts";
import { readToml } from "../src/config/toml.ts";
import { isFormatFileName } from "../mod.ts";

Deno.test("dateTimeMs equals Date.parse for every real date-time form it takes", () => {
  const cases = [
    "2026-01-01T00:00:00Z",
    "2026-01-01t00:00:00z",
    "2026-01-01 00:00:00Z",
    "2024-02-29T23:59:59.999Z",
    "2026-06-30T12:34:56.5+02:00",
    "2026-12-31T23:59:59-23:59",
    "1970-01-01T00:00:00+00:00",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.123456789Z",
    "1900-03-01T00:00:00Z",
    "2000-02-29T00:00:00Z",
  ];
  for (const text of cases) {
    strictEqual(dateTimeMs(text), Date.parse(text.replace(" ", "T").toUpperCase()), text);
  }
  // Every day of four years, leap days included, at a fixed offset.
  for (let day = 0; day < 4 * 366; day++) {
    const ms = Date.UTC(2023, 0, 1 + day, 13, 7, 9);
    const text = new Date(ms).toISOString().replace(".000Z", "Z");
    strictEqual(dateTimeMs(text), ms, text);
  }
});

Deno.test("dateTimeMs refuses every field out of range, and says which", () => {
  const cases: [string, string][] = [
    ["2026-02-29T00:00:00Z", "no such day: February 2026 has 28 days"],
    ["1900-02-29T00:00:00Z", "no such day: February 1900 has 28 days"],
    ["2026-04-31T00:00:00Z", "no such day: April 2026 has 30 days"],
    ["2026-01-00T00:00:00Z", "no such day: January 2026 has 31 days"],
    ["2026-00-10T00:00:00Z", "month 00 is not 01-12"],
    ["2026-01-01T24:00:00Z", "hour 24 is not 00-23"],
    ["2026-01-01T00:60:00Z", "minute 60 is not 00-59"],
    ["2026-01-01T00:00:61Z", "second 61 is not 00-59"],
    ["2026-01-01T00:00:00+24:00", "offset +24:00 is not -23:59 to +23:59"],
    ["2026-01-01T00:00:00-00:60", "offset -00:60 is not -23:59 to +23:59"],
    ["2026-01-01T00:00:00.Z", "not of the form YYYY-MM-DDTHH:MM:SS with Z or +HH:MM"],
    ["2026-01-01T00:00:00ZZ", "not of the form YYYY-MM-DDTHH:MM:SS with Z or +HH:MM"],
    ["2026-01-01X00:00:00Z", "not of the form YYYY-MM-DDTHH:MM:SS with Z or +HH:MM"],
    ["+2026-01-01T00:00:00Z", "not of the form YYYY-MM-DDTHH:MM:SS with Z or +HH:MM"],
    ["2026-01-01T00:00:00", "it has no offset (Z or +HH:MM), so it names no instant"],
  ];
  for (const [text, why] of cases) {
    strictEqual(dateTimeMs(text), NaN, text);
    strictEqual(dateTimeProblem(text), why, text);
  }
  deepStrictEqual([daysInMonth(2000, 2), daysInMonth(2100, 2), daysInMonth(2024, 12)], [
    29,
    28,
    31,
  ]);
  strictEqual(MAX_TIME_MS, new Date(8.64e15).getTime());
});

Deno.test("parseDecimal reads decimal numbers only: no radix prefixes, blanks or infinities", () => {
  const numbers: [string, number][] = [
    ["0", 0],
    ["-0", -0],
    ["1.5", 1.5],
    [".5", 0.5],
    ["5.", 5],
    ["+7", 7],
    ["-1e-5", -1e-5],
    ["0e5", 0],
    ["0.25", 0.25],
    [" 12 ", 12],
    ["\t3", 3],
    ["1E+308", 1e308],
  ];
  for (const [text, value] of numbers) strictEqual(parseDecimal(text), value, text);
  const refused = [
    "",
    " ",
    "0x10",
    "0X10",
    "0b101",
    "0B1",
    "0o17",
    " 0x10",
    "\u00a00x10",
    "Infinity",
    "-Infinity",
    "1e999",
    "NaN",
    "1_000",
    "1,5",
    "abc",
    "--1",
  ];
  for (const text of refused) strictEqual(parseDecimal(text), NaN, JSON.stringify(text));
});

Deno.test("a TOML date past its month's end is refused at its line and column, a string or a key is not", () => {
  const refused: [string, string][] = [
    [
      "a = 2026-02-30T00:00:00Z",
      "c.toml:1:5: invalid TOML: invalid date 2026-02-30: February 2026 has 28 days",
    ],
    [
      "a = [\n  1,\n  2026-06-31\n]",
      "c.toml:3:3: invalid TOML: invalid date 2026-06-31: June 2026 has 30 days",
    ],
    [
      's = """\n2026-02-30"""\nb = 2100-02-29',
      "c.toml:3:5: invalid TOML: invalid date 2100-02-29: February 2100 has 28 days",
    ],
  ];
  for (const [text, message] of refused) {
    let error: unknown;
    try {
      readToml(text, "c.toml");
    } catch (caught) {
      error = caught;
    }
    strictEqual((error as Error)?.message, message, text);
  }
  for (
    const text of [
      'a = "2026-02-30"',
      "a = '2026-02-30'",
      "# 2026-02-30\na = 1",
      "[x]\n2026-02-30 = 1",
      "a = { 2026-02-30 = 1 }",
      "a = 2024-02-29",
    ]
  ) {
    readToml(text, "c.toml");
  }
});

Deno.test("a manifest may name only plain files a format writes, never a path", () => {
  for (
    const name of [
      "metrics.csv",
      "labels.csv",
      "effects.csv",
      "metrics.om",
      "promtool-tests.yml",
      "metrics.parquet",
      "datasets.csv",
      "timeeval-cpu.test.csv",
      "timeeval-a.b-2.test.csv",
      "timeeval-cpu.train_no_anomaly.csv",
      "timeeval-cpu.train_anomaly.csv",
      "timeeval-multivariate.test.csv",
    ]
  ) {
    strictEqual(isFormatFileName(name), true, name);
  }
  for (
    const name of [
      "../passwd",
      "/etc/passwd",
      "timeeval-/../../x.test.csv",
      "timeeval-a\\b.test.csv",
      "timeeval-.test.csv",
      "..",
      ".",
      "",
      "metrics.svg",
      "other.csv",
      "metrics.csv/",
      "timeeval-x.test.csv\n",
      "timeeval-cpu.train.csv",
      "timeeval-cpu.train_anomaly.csv.tmp",
      "timeeval-/../x.train_no_anomaly.csv",
      "timeeval-.train_anomaly.csv",
    ]
  ) {
    strictEqual(isFormatFileName(name), false, JSON.stringify(name));
  }
});
