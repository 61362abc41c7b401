import { runCli, SLOW } from "./cli/testing/cli-process.ts";

test(
  "a mistake on the command line exits 2 with a hint",
  async () => {
    const bad = runCli(["deploy", "--endpoint", "nope"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain("--endpoint must be an http(s) URL");
    expect(bad.output()).toContain("(orderflow help lists the commands and options)");
  },
  SLOW,
);

test(
  "an unknown command exits 2 and prints the usage",
  async () => {
    const bad = runCli(["launch"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('orderflow: unknown command "launch"');
    expect(bad.output()).toContain("usage: orderflow <command> [options]");
  },
  SLOW,
);

test(
  "help prints the usage and exits 0",
  async () => {
    const help = runCli(["help"]);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain("usage: orderflow <command> [options]");
  },
  SLOW,
);
