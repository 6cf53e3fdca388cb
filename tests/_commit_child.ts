// A run of the command line that pauses at one step of its commit, so a test can send it a
// signal there. Usage: deno run ... tests/_commit_child.ts STEP MARKER -- CLI ARGS...
// When the commit reaches STEP it creates MARKER and waits 1.5 s for the signal.
import { main } from "../cli.ts";

const [step, marker, ...args] = Deno.args;
const status = await main(args, {
  error: (line) => console.error(line),
  print: (line) => console.log(line),
  commitHook: async (reached) => {
    if (reached !== step) return;
    Deno.writeTextFileSync(marker, reached);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  },
});
Deno.exit(status);
