import { escapeMarkup as escapeHtml } from "./markup.ts";
import type { RunInfo } from "./scenario-results.ts";

const style = `<style>
.orderflow-run { font-family: system-ui, sans-serif; margin: 1.5rem 2rem 0; }
.orderflow-run h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
.orderflow-run dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.orderflow-run dt { font-weight: 600; }
.orderflow-run dd { margin: 0; font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
</style>`;

/**
 * Puts the run's facts (backend, why it was chosen, stack settings, …) at the top of the HTML
 * report, as a list of labelled fields, where a reader looks first; the Cucumber formatter
 * has one slot for a tool's name and version and none for such facts. The page title names
 * the backend too.
 */
export function withRunHeader(html: string, run: RunInfo): string {
  const title = `orderflow scenarios on the ${run.backend} backend`;
  const facts = run.facts
    .map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`)
    .join("");
  const header = `${style}\n<header class="orderflow-run"><h1>${escapeHtml(title)}</h1><dl>${facts}</dl></header>\n`;
  const anchor = '<div id="content">';
  if (!html.includes(anchor))
    throw new Error(`the HTML report has no ${anchor} to put the run's header above`);
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace(anchor, `${header}${anchor}`);
}
