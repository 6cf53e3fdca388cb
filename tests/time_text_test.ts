// Timestamps written at the cost of their digits: every row's text equals the one Date writes,
// for every interval from a millisecond to a week, across year ends, 29 February and the
// epoch, for any block start; and the same bytes for any number of workers.
import { deepStrictEqual } from "node:assert/strict";
import { createGenerator, CsvEncoder, sampleTime } from "../mod.ts";
import { civilDate } from "../src/formats/_time_text.ts";
import { assertSameForAnyWorkers, freshDir } from "./_run_cli.ts";

const INTERVALS = ["1ms", "250ms", "1s", "15s", "1m", "7m", "1h", 86_400, 604_800];
const STARTS = [
  "2023-12-31T23:59:59.990Z",
  "2024-02-28T23:00:00Z",
  "1969-12-31T23:30:00Z",
  "1999-12-31T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "9999-12-01T00:00:00Z",
];

/** Times of samples from .. to (exclusive) as written in metrics.csv. */
function writtenTimes(start: string, interval: string | number, from: number, to: number) {
  const generator = createGenerator({
    general: { seed: 1, num_samples: 200_000, start, interval },
    metrics: { m: { value: 1 } },
  });
  const text = new TextDecoder().decode(
    new CsvEncoder(generator.config).encode(generator.chunk(from, to)),
  );
  return { general: generator.config.general, rows: text.split("\n").slice(0, -1) };
}

for (const interval of INTERVALS) {
  Deno.test(`times every ${interval} equal Date's text, across year ends and 29 February, from any row`, () => {
    for (const start of STARTS) {
      // A run from sample 0, then blocks that begin mid-stream.
      for (const [from, to] of [[0, 3000], [1, 2], [1439, 1500], [199_000, 200_000]]) {
        const { general, rows } = writtenTimes(start, interval, from, to);
        const expected = Array.from({ length: to - from }, (_, i) => sampleTime(general, from + i));
        deepStrictEqual(rows.map((row) => row.split(",")[0]), expected, `${start} ${from}`);
      }
    }
  });
}

Deno.test("civilDate agrees with Date on every day from year 0 to 10000 and around the epoch", () => {
  for (let day = -719_528; day <= 2_932_897; day += 1) {
    const date = new Date(day * 86_400_000);
    const [y, m, d] = civilDate(day);
    if (y !== date.getUTCFullYear() || m !== date.getUTCMonth() + 1 || d !== date.getUTCDate()) {
      throw new Error(`day ${day}: ${[y, m, d]} vs ${date.toISOString()}`);
    }
  }
});

Deno.test("timed CSV files are the same bytes for 0, 1 and 2 workers", async () => {
  const dir = await freshDir("time_workers");
  await Deno.writeTextFile(
    `${dir}/c.toml`,
    `[general]\nseed = 1\nnum_samples = 300000\nstart = 2024-02-28T23:59:00Z\ninterval = "7m"\n` +
      `[metrics.a]\nvalue = 1\nnoise = "gaussian"\n`,
  );
  await assertSameForAnyWorkers(dir, `${dir}/c.toml`, ["metrics.csv"], ["--chunk-size", "4099"]);
});
