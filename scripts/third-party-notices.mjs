// The notices of the packages the bundles carry (scripts/bundle.mjs): each package's name,
// version, license and source, and its license text, one copy of each distinct text. The package
// ships them (dist/THIRD-PARTY-NOTICES.md), as the licenses of what it redistributes ask.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/** The folders of the packages a build read its inputs from, from esbuild's metafile(s). */
export function packageFolders(root, metafiles) {
  const folders = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      // The last node_modules/<name> (or node_modules/@scope/name) of the path is the package's folder.
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, "/"));
      if (match) folders.add(join(root, match[1]));
    }
  }
  return [...folders];
}

function repositoryOf(manifest) {
  const repository = typeof manifest.repository === "string" ? manifest.repository : manifest.repository?.url;
  return repository?.replace(/^git\+/, "").replace(/\.git$/, "") ?? manifest.homepage ?? "(none given)";
}

/** The notices as Markdown: a table of the packages, then each distinct license text with the packages it covers. */
export function thirdPartyNotices(folders) {
  const packages = folders
    .map((folder) => {
      const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
      const files = existsSync(folder) ? readdirSync(folder).filter((name) => LICENSE_FILE.test(name)).sort() : [];
      const text = files.map((name) => readFileSync(join(folder, name), "utf8").trim()).join("\n\n");
      const license = typeof manifest.license === "string" ? manifest.license : (manifest.license?.type ?? "(not stated)");
      return { id: `${manifest.name}@${manifest.version}`, license, source: repositoryOf(manifest), text };
    })
    // A package reached through two paths (a nested copy of the same version) is listed once.
    .filter((pkg, index, all) => all.findIndex((other) => other.id === pkg.id) === index)
    .sort((a, b) => a.id.localeCompare(b.id));
  const texts = new Map();
  for (const pkg of packages) {
    if (pkg.text === "") continue;
    texts.set(pkg.text, [...(texts.get(pkg.text) ?? []), pkg.id]);
  }
  const lines = [
    "# Third-party notices",
    "",
    "The `email-assets` command (dist/cli/) and the library bundle (dist/lib/) carry the packages below,",
    "unmodified, bundled with esbuild. Each stays under its own license; the source of each is at the",
    "address given (and in the npm registry, under the same name and version).",
    "",
    "| package | license | source |",
    "|---|---|---|",
    ...packages.map((pkg) => `| ${pkg.id} | ${pkg.license} | ${pkg.source} |`),
    "",
    "Packages that ship no license text of their own are under the license named in the table; its",
    "text is the standard one (for MPL-2.0: https://mozilla.org/MPL/2.0/).",
  ];
  for (const [text, ids] of texts) lines.push("", "---", "", `## ${ids.join(", ")}`, "", "```", text, "```");
  return `${lines.join("\n")}\n`;
}
