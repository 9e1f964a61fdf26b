// Lints Herald's OpenAPI document with Redocly's engine (the one @redocly/cli runs) and its recommended rules.
// Exits 1 on any error; warnings are printed, not fatal. Usage: node lint-openapi.mjs <url or file>
import { createConfig, formatProblems, getTotals, lint } from "@redocly/openapi-core";

const ref = process.argv[2];
if (!ref) {
  console.error("usage: node lint-openapi.mjs <url or file>");
  process.exit(2);
}
const config = await createConfig({ extends: ["recommended"] });
const problems = await lint({ ref, config });
const totals = getTotals(problems);
formatProblems(problems, { format: "stylish", totals, version: "openapi-core" });
console.log(`lint-openapi: ${totals.errors} errors, ${totals.warnings} warnings`);
process.exit(totals.errors > 0 ? 1 : 0);
