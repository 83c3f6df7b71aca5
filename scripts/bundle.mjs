#!/usr/bin/env node
// The second half of `npm run build`: from tsc's output (dist/src), the code the package ships.
//
// - dist/cli/: the `email-assets` command, one esbuild bundle that carries every package it runs
//   (cdktf, constructs, the provider binding classes the constructs create, the SDKs, yaml, zod, …),
//   so that installing the package installs no dependency. Its heavy parts are files of their own
//   beside it, loaded when first used, so that `--version` or `validate` does not read them:
//   engine.js (cdktf, constructs and the bindings: synth), discover.js (the Cloudflare and AWS SDKs:
//   discover) and prompts.js (init's questions). Each is one bundle too; the main bundle reaches a
//   package in one of them through a stub that asks that file for it, so every package has one copy.
// - dist/lib/: the library entry points (`email-assets-domain`, `email-assets-domain/validate`) as one
//   bundle of the same modules, cdktf, constructs and the provider packages left to the app (its
//   peers, each load checked: a missing one is one line naming the package to install).
//
// Input is tsc's CommonJS, so every module keeps its own lazily run wrapper, as Node runs it: what
// the code loads on first use (synth, the SDKs, a binding class) still loads on first use.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { packageFolders, thirdPartyNotices } from "./third-party-notices.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const compiled = join(root, "dist", "src");
const cliDir = join(root, "dist", "cli");
const libDir = join(root, "dist", "lib");

/** The Node the package's `engines` names: esbuild lowers nothing this Node runs natively. */
const TARGET = `node${/(\d+)/.exec(manifest.engines?.node ?? "20")?.[1] ?? "20"}`;

/** The CLI's files loaded on first use, by the packages they carry. */
const CLI_PARTS = [
  { file: "engine.js", packages: ["cdktf", "constructs", "@cdktf/provider-aws", "@cdktf/provider-cloudflare"] },
  { file: "discover.js", packages: ["cloudflare", "@aws-sdk/client-acm", "@aws-sdk/client-cloudfront", "@aws-sdk/client-route-53"] },
  { file: "prompts.js", packages: ["@inquirer/prompts"] },
];

/** The app's own packages for the library: the peers, with the reason a library user needs each. */
const PEERS = {
  cdktf: "the constructs and stacks (email-assets-domain/validate needs none of these packages)",
  constructs: "the constructs and stacks (email-assets-domain/validate needs none of these packages)",
  "@cdktf/provider-aws": "the constructs that create AWS resources (CloudFront, ACM, Route 53)",
  "@cdktf/provider-cloudflare": "the constructs that create Cloudflare resources (records, page rules, rulesets, Workers)",
};

/** Peers that come as a pair: a missing one names its partner too when that is missing as well. */
const PEER_PAIRS = [["cdktf", "constructs"]];

/** `@scope/name/lib/x` → `@scope/name`, `name/lib/x` → `name`. */
const packageOf = (request) => request.split("/").slice(0, request.startsWith("@") ? 2 : 1).join("/");
const BARE = /^[^./]/;

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: TARGET,
  // Whitespace and syntax only: the bundles stay readable in a stack trace, and names stay names.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
  metafile: true,
  absWorkingDir: root,
};

/**
 * The main CLI bundle: each import of a package that lives in a part becomes a stub,
 * `module.exports = require("./engine.js")("cdktf")`; the requests are collected for the parts.
 */
function partsPlugin(requests) {
  return {
    name: "cli-parts",
    setup(build) {
      build.onResolve({ filter: /^\.\/[a-z]+\.js$/, namespace: "cli-part" }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: BARE }, (args) => {
        const part = CLI_PARTS.find((candidate) => candidate.packages.includes(packageOf(args.path)));
        if (part === undefined) return undefined;
        requests.get(part.file).add(args.path);
        return { path: args.path, namespace: "cli-part", pluginData: part.file };
      });
      build.onLoad({ filter: /.*/, namespace: "cli-part" }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${args.pluginData}`)})(${JSON.stringify(args.path)});`,
        loader: "js",
      }));
    },
  };
}

/** A part's entry: one function that returns the package (or deep path) asked for, from this bundle. */
function partEntry(requested) {
  const cases = [...requested].sort().map((request) => `  case ${JSON.stringify(request)}: return require(${JSON.stringify(request)});`);
  return `module.exports = function load(request) {\n  switch (request) {\n${cases.join("\n")}\n  }\n  throw new Error("not in this bundle: " + request);\n};\n`;
}

/**
 * The check around each peer the library loads: the app lacks it → one line naming the package to
 * install (cdktf and constructs come as a pair: whichever of the two is missing is named).
 */
const PEER_CHECK = `
const resolves = (name) => { try { require.resolve(name); return true; } catch { return false; } };
module.exports = function requirePeer(request, load, ranges, need) {
  try {
    return load();
  } catch (error) {
    const name = request.split("/").slice(0, request.startsWith("@") ? 2 : 1).join("/");
    const firstLine = String(error && error.message).split("\\n")[0];
    if (!error || error.code !== "MODULE_NOT_FOUND" || !firstLine.includes("'" + request + "'")) throw error;
    const names = Object.keys(ranges).filter((each) => each === name || !resolves(each));
    const missing = new Error(
      "email-assets-domain needs " + names.join(" and ") + " for " + need + ", and the app does not have " + (names.length > 1 ? "them" : "it") +
        " (" + request + " cannot be loaded): install " + (names.length > 1 ? "them" : "it") + " beside email-assets-domain, npm install " +
        names.map((each) => each + "@" + JSON.stringify(ranges[each])).join(" "),
    );
    missing.code = "EMAIL_ASSETS_MISSING_PEER";
    throw missing;
  }
};
`;

/** The library bundle: the peers stay the app's, each `require` of one wrapped in the check above. */
function peersPlugin() {
  return {
    name: "library-peers",
    setup(build) {
      build.onResolve({ filter: /^peer-check$/ }, () => ({ path: "peer-check", namespace: "peer-check" }));
      build.onLoad({ filter: /.*/, namespace: "peer-check" }, () => ({ contents: PEER_CHECK, loader: "js" }));
      build.onResolve({ filter: BARE, namespace: "peer" }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: BARE }, (args) => {
        const name = packageOf(args.path);
        if (!(name in PEERS)) return undefined;
        return { path: args.path, namespace: "peer", pluginData: name };
      });
      build.onLoad({ filter: /.*/, namespace: "peer" }, (args) => {
        // The range of this peer, and of its partner: cdktf and constructs are checked as a pair.
        const pair = PEER_PAIRS.find((names) => names.includes(args.pluginData)) ?? [args.pluginData];
        const ranges = Object.fromEntries(pair.map((name) => [name, manifest.peerDependencies?.[name]]));
        for (const [name, range] of Object.entries(ranges)) {
          if (range === undefined) throw new Error(`${name} is loaded by the library but is not a peer dependency in package.json`);
        }
        const request = JSON.stringify(args.path);
        return {
          contents: `module.exports = require("peer-check")(${request}, () => require(${request}), ${JSON.stringify(ranges)}, ${JSON.stringify(PEERS[args.pluginData])});`,
          loader: "js",
          resolveDir: root,
        };
      });
    },
  };
}

/** Megabytes, for the summary line. */
const mb = (path) => (statSync(path).size / 1e6).toFixed(2);

/** Packages a bundle carries, from esbuild's metafile (for the summary, and to catch a slip). */
function bundledPackages(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) names.add(match[1]);
  }
  return names;
}

/** Every build's metafile, for the notices of what the bundles carry. */
const metafiles = [];

async function buildCli() {
  rmSync(cliDir, { recursive: true, force: true });
  const requests = new Map(CLI_PARTS.map((part) => [part.file, new Set()]));
  const main = join(cliDir, "email-assets.js");
  const result = await esbuild.build({
    ...common,
    entryPoints: [join(compiled, "cli", "main.js")],
    outfile: main,
    // tsc's build reads the version from package.json; the bundle has it written in.
    define: { EMAIL_ASSETS_VERSION: JSON.stringify(manifest.version) },
    plugins: [partsPlugin(requests)],
  });
  metafiles.push(result.metafile);
  for (const name of bundledPackages(result.metafile)) {
    if (CLI_PARTS.some((part) => part.packages.includes(name))) throw new Error(`${name} ended up in the main bundle instead of its part`);
  }
  const sizes = [`email-assets.js ${mb(main)} MB`];
  for (const part of CLI_PARTS) {
    const requested = requests.get(part.file);
    if (requested.size === 0) throw new Error(`no module of the CLI imports ${part.packages.join(", ")}: drop ${part.file} from CLI_PARTS`);
    const outfile = join(cliDir, part.file);
    const built = await esbuild.build({ ...common, stdin: { contents: partEntry(requested), resolveDir: root, sourcefile: `${part.file} (entry)` }, outfile });
    metafiles.push(built.metafile);
    sizes.push(`${part.file} ${mb(outfile)} MB`);
  }
  chmodSync(main, 0o755);
  console.log(`bundle: dist/cli/ ${sizes.join(", ")}`);
}

/** The names an entry point exports, written out for Node's ESM `import { … }` of the CommonJS wrapper. */
function exportNames(entry) {
  const require = createRequire(import.meta.url);
  return Object.keys(require(entry)).filter((name) => name !== "__esModule");
}

async function buildLibrary() {
  rmSync(libDir, { recursive: true, force: true });
  const entries = { validate: join(compiled, "validate.js"), index: join(compiled, "index.js") };
  const library = join(libDir, "library.js");
  // One bundle for both entry points, so that a class (ConfigError, a construct) has one identity
  // whichever entry point it is imported from; each module runs only when first required.
  const contents = Object.entries(entries)
    .map(([name, path]) => `exports[${JSON.stringify(name)}] = () => require(${JSON.stringify("./" + relative(root, path))});`)
    .join("\n");
  const result = await esbuild.build({
    ...common,
    stdin: { contents, resolveDir: root, sourcefile: "library (entry)" },
    outfile: library,
    plugins: [peersPlugin()],
  });
  metafiles.push(result.metafile);
  for (const name of bundledPackages(result.metafile)) {
    if (name in PEERS) throw new Error(`${name} is a peer but ended up in the library bundle`);
  }
  for (const [name, path] of Object.entries(entries)) {
    const names = exportNames(path);
    writeFileSync(
      join(libDir, `${name}.js`),
      [
        '"use strict";',
        `// email-assets-domain${name === "index" ? "" : `/${name}`}, from the library bundle beside it (scripts/bundle.mjs).`,
        `const api = require("./library.js")[${JSON.stringify(name)}]();`,
        "module.exports = api;",
        "// The names, for an ES module's `import { … }` of this file (Node reads them without running this line).",
        `0 && (module.exports = { ${names.join(", ")} });`,
        "",
      ].join("\n"),
    );
  }
  console.log(`bundle: dist/lib/library.js ${mb(library)} MB`);
}

if (!existsSync(join(compiled, "cli", "main.js"))) {
  console.error("scripts/bundle.mjs: dist/src is not built; run tsc -p tsconfig.json first (npm run build does both)");
  process.exit(2);
}
mkdirSync(cliDir, { recursive: true });
await buildCli();
await buildLibrary();
const folders = packageFolders(root, metafiles);
writeFileSync(join(root, "dist", "THIRD-PARTY-NOTICES.md"), thirdPartyNotices(folders));
console.log(`bundle: dist/THIRD-PARTY-NOTICES.md, ${folders.length} package folders`);
