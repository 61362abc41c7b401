#!/usr/bin/env node
// Placeholder until the order system lands (issue 4): says what is missing instead of pretending.
const command = process.argv[2] ?? "up";
console.error(
  `orderflow ${command}: not built yet. The embedded cloud, the deploy and the API arrive with issues 3 and 4.`,
);
process.exit(1);
