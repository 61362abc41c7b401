import { origin, owners, shares, type CpuProfile } from "./profile.ts";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0 });

// root → main (src/api/server.ts) → parse (node_modules/zod) ; root → (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 4] },
    { id: 2, callFrame: frame("main", "file:///work/main/src/api/server.ts"), children: [3] },
    { id: 3, callFrame: frame("parse", "file:///work/main/node_modules/zod/v4/core.js") },
    { id: 4, callFrame: frame("(garbage collector)") },
  ],
  samples: [3, 3, 2, 4],
  timeDeltas: [1, 1, 1, 1],
};

describe("origin", () => {
  it("names npm packages, scoped ones too, Node internals and our own files", () => {
    expect(origin("file:///x/node_modules/@aws-sdk/client-s3/dist/a.js", "f")).toBe(
      "@aws-sdk/client-s3",
    );
    expect(origin("file:///x/node_modules/fauxqs/dist/app.js", "f")).toBe("fauxqs");
    expect(origin("node:internal/http", "f")).toBe("node:internal");
    expect(origin("file:///work/main/src/cloud/router.ts", "f")).toBe("src/cloud/router.ts");
    expect(origin("", "(garbage collector)")).toBe("(garbage collector)");
  });
});

describe("shares", () => {
  it("splits samples by function: self where they were taken, total along the stack", () => {
    const s = shares(profile, "function");
    expect(s[0]).toEqual({ name: "parse zod:1", self: 50, total: 50 });
    expect(s.find((x) => x.name === "main src/api/server.ts:1")).toEqual({
      name: "main src/api/server.ts:1",
      self: 25,
      total: 75,
    });
    expect(s.find((x) => x.name === "(root)")!.total).toBe(100);
  });

  it("groups by where the code lives", () => {
    const s = shares(profile, "origin");
    expect(s.find((x) => x.name === "zod")!.self).toBe(50);
    expect(s.find((x) => x.name === "(garbage collector)")!.self).toBe(25);
  });
});

describe("owners", () => {
  it("charges each sample to the nearest known owner from the leaf up", () => {
    // zod is nobody's: its samples go to the API frame (main in src/api) above it.
    expect(owners(profile)).toEqual([
      { name: "API (src/api, jose, domain)", share: 75 },
      { name: "garbage collector", share: 25 },
    ]);
  });
});
