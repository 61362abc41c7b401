import { anchorsOf, brokenLinksIn, documentsOf, linksOf } from "./check-links.ts";

describe("anchorsOf", () => {
  test("gives each heading GitHub's anchor: lower case, punctuation dropped, spaces as hyphens", () => {
    const page = [
      "# The embedded cloud",
      "## `npm start`: the whole system, in one process",
      "### What skip mode cannot promise",
      "## Known differences from AWS",
      "## Known differences from AWS",
    ].join("\n");
    expect([...anchorsOf(page)]).toEqual([
      "the-embedded-cloud",
      "npm-start-the-whole-system-in-one-process",
      "what-skip-mode-cannot-promise",
      "known-differences-from-aws",
      "known-differences-from-aws-1",
    ]);
  });

  test("takes no heading from inside a fenced code block", () => {
    expect([...anchorsOf("```sh\n# a shell comment\n```\n## Real")]).toEqual(["real"]);
  });
});

describe("linksOf", () => {
  test("finds links and images with their lines, and none inside code", () => {
    const page = [
      "See [the API](docs/api.md#routes) and ![chart](bench/latency.svg).",
      "`[not a link](nowhere.md)`",
      "```md",
      "[nor this](nowhere.md)",
      "```",
      '[titled](docs/ci.md "CI")',
    ].join("\n");
    expect(linksOf(page)).toEqual([
      { line: 1, target: "docs/api.md#routes" },
      { line: 1, target: "bench/latency.svg" },
      { line: 6, target: "docs/ci.md" },
    ]);
  });
});

describe("brokenLinksIn", () => {
  const files: Record<string, string> = {
    "README.md": [
      "[ok](docs/api.md#routes)",
      "[missing file](docs/gone.md)",
      "[missing heading](docs/api.md#nothing)",
      "# orderflow",
      "[here](#orderflow)",
      "[not here](#elsewhere)",
      "[a site](https://example.com/x.md#y)",
      "[a folder](src/)",
    ].join("\n"),
    "docs/api.md": "# The API\n## Routes\n[back](../README.md#orderflow)",
    "src/": "",
  };
  const read = (path: string) => files[path];

  test("names each link whose file or heading is missing, with its line", () => {
    expect(brokenLinksIn("README.md", read)).toEqual([
      {
        file: "README.md",
        line: 2,
        target: "docs/gone.md",
        why: "docs/gone.md does not exist",
      },
      {
        file: "README.md",
        line: 3,
        target: "docs/api.md#nothing",
        why: "docs/api.md has no heading #nothing",
      },
      {
        file: "README.md",
        line: 6,
        target: "#elsewhere",
        why: "README.md has no heading #elsewhere",
      },
    ]);
  });

  test("resolves a link from the folder of the file it is in", () => {
    expect(brokenLinksIn("docs/api.md", read)).toEqual([]);
  });
});

test("the checked documents are the README and every page under docs/", () => {
  const documents = documentsOf(process.cwd());
  expect(documents[0]).toBe("README.md");
  expect(documents).toContain("docs/architecture.md");
  expect(documents.every((d) => d === "README.md" || /^docs\/[^/]+\.md$/.test(d))).toBe(true);
});
