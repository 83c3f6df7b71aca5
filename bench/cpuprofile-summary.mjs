// Summarizes V8 CPU profiles (node --cpu-prof) by where the time is spent: self time grouped by
// package or project file, the heaviest functions, and (with --inclusive NAME,…) the total time
// under the named functions. Used to find where the app's synth spends what the bare program does not.
//   node --cpu-prof --cpu-prof-dir=prof dist/stacks/main.js
//   node bench/cpuprofile-summary.mjs [--top N] [--inclusive fnA,fnB] prof/*.cpuprofile
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The bucket a script belongs to: an npm package, a project file, node's internals, or V8's own. */
export function bucketOf(url) {
  if (url === "") return "(v8/native)";
  if (url.startsWith("node:")) return "node: internals";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = path.slice(modules + "/node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return path.startsWith(root) ? relative(root, path) : path;
}

/** Where a function lives: the package-relative or project-relative file. */
function fileOf(url) {
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf("/node_modules/");
  if (modules >= 0) return path.slice(modules + "/node_modules/".length);
  return path.startsWith(root) ? relative(root, path) : path;
}

/** Self and inclusive times (ms) of one profile: by bucket, by function, and under named functions. */
export function summarize(profile, inclusiveNames = []) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const next = deltas[i + 1] ?? 0;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + next / 1000);
  }
  const buckets = new Map();
  const functions = new Map();
  const inclusive = new Map(inclusiveNames.map((name) => [name, 0]));
  let total = 0;
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    total += ms;
    const name = callFrame.functionName || "(anonymous)";
    const bucket = name.startsWith("(") && callFrame.url === "" ? name : bucketOf(callFrame.url);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const fn = `${name} ${callFrame.url ? `${fileOf(callFrame.url)}:${callFrame.lineNumber + 1}` : bucket}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    // Each named function on the sample's stack gets its time once, however deep the recursion.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frameName = byId.get(at).callFrame.functionName;
      if (inclusive.has(frameName) && !seen.has(frameName)) {
        seen.add(frameName);
        inclusive.set(frameName, inclusive.get(frameName) + ms);
      }
    }
  }
  return { total, buckets, functions, inclusive };
}

function sorted(map) {
  return [...map].sort((a, b) => b[1] - a[1]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let top = 15;
  let inclusiveNames = [];
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--top") top = Number(args[++i]);
    else if (args[i] === "--inclusive") inclusiveNames = args[++i].split(",");
    else files.push(args[i]);
  }
  for (const file of files) {
    const { total, buckets, functions, inclusive } = summarize(JSON.parse(readFileSync(file, "utf8")), inclusiveNames);
    const line = (label, ms) => `  ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${label}`;
    console.log(`${file}: ${total.toFixed(0)} ms sampled`);
    console.log(" self time by package / file:");
    for (const [bucket, ms] of sorted(buckets).slice(0, top)) console.log(line(bucket, ms));
    console.log(" heaviest functions (self):");
    for (const [fn, ms] of sorted(functions).slice(0, top)) console.log(line(fn, ms));
    if (inclusiveNames.length > 0) {
      console.log(" under (inclusive):");
      for (const [fn, ms] of inclusive) console.log(line(fn, ms));
    }
  }
}
