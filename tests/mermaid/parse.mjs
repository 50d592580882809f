// Parse Mermaid files with the mermaid package's own parser and report one
// line per file: "ok FILE TYPE" or "FAIL FILE: message". Exit 1 on failure.
// mermaid needs a DOM even to parse, so jsdom provides one.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, "utf8"));
    console.log(`ok ${file} ${result.diagramType}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${file}: ${err.message ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
