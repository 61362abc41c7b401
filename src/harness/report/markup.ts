import { stripVTControlCharacters } from "node:util";
import { escapeXml } from "../../cloud/wire.ts";

/** XML 1.0 cannot carry most control characters; ANSI colours from Jest are noise anyway. */
function printable(text: string): string {
  return [...stripVTControlCharacters(text)]
    .filter((ch) => ch >= " " || ch === "\t" || ch === "\n" || ch === "\r")
    .join("");
}

/** Text made safe inside XML or HTML content and attribute values. */
export function escapeMarkup(text: string): string {
  return escapeXml(printable(text));
}
