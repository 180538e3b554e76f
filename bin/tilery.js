#!/usr/bin/env node
// tilery runs its TypeScript sources directly on Node 24 (type stripping): no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`tilery needs Node.js 24 or newer (this is ${process.version}); run it through npm (npm start, npx tilery), which uses the Node 24 installed by npm install.`);
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
