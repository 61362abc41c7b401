// `npm run soak -- --orders N ...`: one conservation campaign under injected faults.
import { parseSoakArgs, SOAK_USAGE, type SoakOptions } from "./options.ts";
import { formatReport } from "./report.ts";
import { runSoak } from "./run-soak.ts";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${SOAK_USAGE}\n`);
    return 0;
  }
  let options: SoakOptions;
  try {
    options = parseSoakArgs(argv);
  } catch (error) {
    process.stderr.write(`soak: ${(error as Error).message}\n${SOAK_USAGE}\n`);
    return 2;
  }
  const report = await runSoak(options, {
    progress: (line) => process.stdout.write(`soak: ${line}\n`),
  });
  process.stdout.write(`\n${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
