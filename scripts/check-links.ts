// Every relative link in the README and docs/*.md must lead somewhere: to a file of the
// repository and, when it names an #anchor, to a heading of that file. Links to other sites
// are not followed: lint runs offline. Run by `npm run lint`; exits 1 naming each broken link.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  why: string;
}

/** The markdown's lines with fenced code blocks blanked out, line numbers kept. */
function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const opening = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fence === undefined && opening) {
      fence = opening;
      return "";
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence)) fence = undefined;
      return "";
    }
    return line;
  });
}

/** The anchors GitHub gives a file's headings: lower case, punctuation gone, spaces as hyphens. */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (!heading) continue;
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Each link or image target of the markdown with its line, code left out. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const found: { line: number; target: string }[] = [];
  proseLines(markdown).forEach((line, i) => {
    const text = line.replace(/`[^`]*`/g, "");
    for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ line: i + 1, target: match[1]! });
    }
  });
  return found;
}

/** The broken relative links of one markdown file; `read` gives a file's text. */
export function brokenLinksIn(
  file: string,
  read: (path: string) => string | undefined,
): BrokenLink[] {
  const text = read(file) ?? "";
  const broken: BrokenLink[] = [];
  for (const { line, target } of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [path = "", anchor] = target.split("#", 2);
    const destination = path === "" ? file : join(dirname(file), decodeURIComponent(path));
    const content = read(destination);
    const fail = (why: string) => broken.push({ file, line, target, why });
    if (content === undefined) fail(`${destination} does not exist`);
    else if (anchor !== undefined && destination.endsWith(".md")) {
      if (!anchorsOf(content).has(anchor)) fail(`${destination} has no heading #${anchor}`);
    }
  }
  return broken;
}

/** README.md and every markdown file under docs/, relative to `root`. */
export function documentsOf(root: string): string[] {
  const docs = join(root, "docs");
  const pages = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith(".md"))
        .map((name) => join("docs", name))
    : [];
  return ["README.md", ...pages.sort()];
}

function readFrom(root: string): (path: string) => string | undefined {
  return (path) => {
    const full = resolve(root, path);
    if (relative(root, full).startsWith("..") || !existsSync(full)) return undefined;
    return statSync(full).isDirectory() ? "" : readFileSync(full, "utf8");
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.cwd();
  const read = readFrom(root);
  const broken = documentsOf(root).flatMap((file) => brokenLinksIn(file, read));
  for (const b of broken) console.error(`${b.file}:${b.line}: broken link ${b.target}: ${b.why}`);
  if (broken.length > 0) process.exit(1);
}
