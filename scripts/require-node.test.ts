import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const check = "scripts/require-node.cjs";
const { refusal } = createRequire(import.meta.url)("./require-node.cjs") as {
  refusal(version: string, executable: string): string | undefined;
};

describe("the Node.js version check", () => {
  test("turns away an older Node.js with one line: what it needs, what it found, what to do", () => {
    const line = refusal("20.20.2", "/usr/bin/node");
    expect(line).toBe(
      "orderflow needs Node.js >= 22.22, but this is Node.js 20.20.2 (/usr/bin/node): " +
        "run `nvm use` (.nvmrc says 24) or install Node.js 24 from https://nodejs.org/, then try again.",
    );
  });

  test("lets 22.22 and anything newer through, and nothing older", () => {
    expect(["22.22.0", "22.30.1", "23.0.0", "24.1.0"].map((v) => refusal(v, "node"))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(refusal("22.21.9", "node")).toContain("this is Node.js 22.21.9");
  });

  test("says nothing and lets the command go on under this Node.js", () => {
    const run = spawnSync(process.execPath, [check], { encoding: "utf8" });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
    });
  });

  test("runs before every npm script", () => {
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
    };
    const unchecked = Object.entries(scripts).filter(
      ([name, command]) =>
        name !== "postinstall" &&
        !command.startsWith(`node ${check} && `) &&
        !command.startsWith(`node --require ./${check} `),
    );
    expect(unchecked).toEqual([]);
  });
});
