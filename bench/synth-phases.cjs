// Where a synth's time goes, phase by phase, for the app (what stacks/main.ts does, through the
// compiled modules it uses) and for the bare cdktf program (bench/bare-app.cjs), so the bench can put
// the two side by side. CPU time (user+sys, all threads) and wall time per phase, from the process's
// start; cdktf's synth is split by wrapping its own methods, which adds well under 1% here.
//   node bench/synth-phases.cjs app <config.yaml> <outdir>
//   node bench/synth-phases.cjs bare <domains.json> <outdir>
// Prints one JSON line: { phases: [{ phase, cpuMs, wallMs }], cpuMs, wallMs }.
const { performance } = require("node:perf_hooks");

const bootCpu = process.cpuUsage();
const bootWall = performance.now();
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Rows in the order first seen; each keeps the CPU and wall time attributed to it. */
const rows = new Map();
function add(phase, cpu, wall) {
  const row = rows.get(phase) ?? { phase, cpuMs: 0, wallMs: 0 };
  row.cpuMs += cpu;
  row.wallMs += wall;
  rows.set(phase, row);
}
add("node start-up (to the first line of the script)", (bootCpu.user + bootCpu.system) / 1000, bootWall);

// The timeline: each mark closes the interval since the previous one. Time spent inside a wrapped
// function (below) is moved out of the interval it happened in, into a row of its own.
let lastCpu = cpuMs();
let lastWall = performance.now();
let nestedCpu = 0;
let nestedWall = 0;
function mark(phase) {
  const cpu = cpuMs();
  const wall = performance.now();
  add(phase, cpu - lastCpu - nestedCpu, wall - lastWall - nestedWall);
  lastCpu = cpu;
  lastWall = wall;
  nestedCpu = 0;
  nestedWall = 0;
}

/**
 * Wraps obj[method] so its time (outermost calls only) goes to `phase`. `inner` wrappers run
 * inside an outer one and their time is moved out of it; top-level ones out of the timeline.
 */
const depth = new Map();
const innerTime = [];
function wrap(obj, method, phase) {
  const original = obj[method];
  obj[method] = function wrapped(...args) {
    const level = depth.get(phase) ?? 0;
    if (level > 0) return original.apply(this, args);
    depth.set(phase, 1);
    innerTime.push({ cpu: 0, wall: 0 });
    const cpu0 = cpuMs();
    const wall0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const cpu = cpuMs() - cpu0;
      const wall = performance.now() - wall0;
      const inner = innerTime.pop();
      depth.set(phase, 0);
      add(phase, cpu - inner.cpu, wall - inner.wall);
      if (innerTime.length > 0) {
        innerTime[innerTime.length - 1].cpu += cpu;
        innerTime[innerTime.length - 1].wall += wall;
      } else {
        nestedCpu += cpu;
        nestedWall += wall;
      }
    }
  };
}

const [mode, input, outdir] = process.argv.slice(2);
if (!["app", "bare"].includes(mode) || !input || !outdir) {
  process.stderr.write("usage: node bench/synth-phases.cjs app|bare <config.yaml|domains.json> <outdir>\n");
  process.exit(2);
}

const Module = require("node:module");
const fs = require("node:fs");
const { join } = require("node:path");
const root = join(__dirname, "..");

// Module loading by what is loaded, each apart from the program's own files: cdktf, the provider
// bindings (which ones, too), and the libraries the app loads on first use (zod, the public suffix
// list, the YAML and JSON parsers), apart from the parsing and validating that trigger them.
const LOAD_GROUPS = [
  [/^(cdktf|constructs)$/, "  load: cdktf, constructs"],
  [/^@cdktf\/provider-aws(\/|$)/, "  load: @cdktf/provider-aws bindings"],
  [/^@cdktf\/provider-cloudflare(\/|$)/, "  load: @cdktf/provider-cloudflare bindings"],
  [/^(yaml|zod|tldts|@humanwhocodes\/momoa)$/, "  load on first use: yaml, zod, tldts (and momoa for JSON)"],
];
const bindings = new Set();
const load = Module._load;
const loaders = LOAD_GROUPS.map(([pattern, phase]) => {
  const loader = { load };
  wrap(loader, "load", phase);
  return [pattern, loader];
});
Module._load = function timedLoad(request, ...rest) {
  if (/^@cdktf\/provider-/.test(request)) bindings.add(request);
  const group = loaders.find(([pattern]) => pattern.test(request));
  return (group ? group[1].load : load).call(this, request, ...rest);
};

function wrapSynth(cdktf) {
  const { StackSynthesizer } = require("cdktf/lib/synthesize/synthesizer");
  const { Manifest } = require("cdktf/lib/manifest");
  wrap(cdktf.TerraformStack.prototype, "prepareStack", "  synth: prepareStack (backend, a first resolve of every element)");
  wrap(cdktf.TerraformStack.prototype, "runAllValidations", "  synth: validations (node.addValidation, provider checks)");
  wrap(cdktf.TerraformStack.prototype, "toTerraform", "  synth: stack.toTerraform (resolve every token)");
  for (const name of ["writeFileSync", "mkdirSync", "existsSync"]) wrap(fs, name, "  synth: file system (mkdir, write, exists)");
  wrap(StackSynthesizer.prototype, "synthesize", "  synth: rest of synthesize (aspects, annotations, stable JSON stringify)");
  wrap(Manifest.prototype, "writeToFile", "  synth: manifest.json");
}

let stackCount;
if (mode === "app") {
  const { readConfigFile } = require(join(root, "dist/src/config/files/read-config-file"));
  const { parseConfig } = require(join(root, "dist/src/config/rules/validate-config"));
  const { reportProblems } = require(join(root, "dist/src/cli/report"));
  const plan = require(join(root, "dist/src/plan/resolve-plan"));
  const synthApp = require(join(root, "dist/src/stacks/synth-app"));
  const cdktf = require("cdktf");
  mark("load modules: the program's own files");
  wrapSynth(cdktf);
  const raw = readConfigFile(input);
  mark("config: read and parse (YAML; the bare program: JSON)");
  const config = parseConfig(raw, input);
  mark("config: validate (parseConfig)");
  // As stacks/main.ts does; stderr is where it writes them outside the cdktf CLI.
  reportProblems(config.warnings, "warning");
  mark("config: report warnings");
  const resolveStacks = plan.resolveStacks;
  plan.resolveStacks = (...args) => {
    mark("synthApp: before resolveStacks");
    const stacks = resolveStacks(...args);
    mark("plan: resolveStacks");
    return stacks;
  };
  const synth = cdktf.App.prototype.synth;
  cdktf.App.prototype.synth = function timedSynth() {
    mark("construct: App and stacks (EmailAssetsStack, constructs, props checks)");
    synth.call(this);
    mark("  synth: App.synth itself (findAll, app validation)");
  };
  const { stacks } = synthApp.synthApp(config, { ...synthApp.synthOptionsFrom(process.env), outdir, removeOrphans: true });
  mark("after synth (proxy configs, orphan folders)");
  stackCount = stacks.length;
} else {
  const bare = require(join(root, "bench/bare-app.cjs"));
  const cdktf = require("cdktf");
  mark("load modules: the program's own files");
  wrapSynth(cdktf);
  const domains = JSON.parse(fs.readFileSync(input, "utf8"));
  mark("config: read and parse (YAML; the bare program: JSON)");
  const app = bare.build(domains, outdir);
  mark("construct: App and stacks (EmailAssetsStack, constructs, props checks)");
  app.synth();
  mark("  synth: App.synth itself (findAll, app validation)");
  stackCount = domains.length;
}

const phases = [...rows.values()];
process.stdout.write(
  `${JSON.stringify({
    stacks: stackCount,
    bindings: [...bindings].sort(),
    phases,
    cpuMs: phases.reduce((sum, row) => sum + row.cpuMs, 0),
    wallMs: phases.reduce((sum, row) => sum + row.wallMs, 0),
  })}\n`,
);
