// ESLint flat config: typescript-eslint's type-aware rules, plus the project's own import rules —
// provider packages only by deep import, and layers that import one way.
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

/** A provider package's root loads every resource binding it has: seconds and hundreds of MB per run. */
const PROVIDER_ROOT = {
  // The root, and lib/ or lib/index, which re-export every binding just the same.
  regex: "^@cdkt[fn]/provider-[a-z0-9-]+(/lib(/index(\\.js)?)?)?/?$",
  message: "Import the resource from @cdktf/provider-<name>/lib/<resource> (or @cdktn/…): the package root loads every binding.",
};
const CDKTF = {
  regex: "^(cdktf|constructs|@cdktf/.*)$",
  message: "This layer is pure: cdktf belongs to src/constructs and src/stacks only.",
};

/**
 * The layers, lowest first. A file may import its own layer and the ones below it, never one above:
 * spec -> pure edge builders -> plan -> constructs -> stack -> app/CLI.
 */
const LAYERS = [
  { name: "facts", folders: ["facts", "intercom"], pure: true },
  { name: "config", folders: ["config"], pure: true },
  { name: "builders", folders: ["cloudflare", "proxy"], pure: true },
  { name: "plan", folders: ["plan"], pure: true },
  { name: "discover", folders: ["discover"], pure: true },
  { name: "verify", folders: ["verify"], pure: true },
  { name: "policy", folders: ["policy"], pure: true },
  { name: "constructs", folders: ["constructs"], pure: false },
  { name: "stacks", folders: ["stacks"], pure: false },
  { name: "app", folders: ["cli"], pure: false },
];

function above(index) {
  const folders = LAYERS.slice(index + 1).flatMap((layer) => layer.folders);
  return {
    // A higher layer's folder, an entry point (src/index, src/validate), or the tests.
    regex: `^(\\.\\./)+((src/)?(${folders.join("|")})(/|$)|(index|validate)(\\.js)?$|(\\.\\./)*test(/|$))`,
    message: `Layers import downwards only (${LAYERS.map((layer) => layer.name).join(" -> ")}), and never from the entry points or the tests; move the shared piece down instead.`,
  };
}

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  files: layer.folders.map((folder) => `src/${folder}/**/*.ts`),
  rules: {
    "no-restricted-imports": ["error", { patterns: [PROVIDER_ROOT, above(index), ...(layer.pure ? [CDKTF] : [])] }],
  },
}));

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "cdktf.out/**", "bench/out/**", "test-results/**", "**/*.cjs", "**/*.mjs", "**/*.mts"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ["./tsconfig.test.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-restricted-imports": ["error", { patterns: [PROVIDER_ROOT] }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { requireDefaultForNonUnion: true, considerDefaultExhaustiveForUnions: true }],
      // Four libraries are loaded on first use, so that importing the validation entry point stays cheap;
      // the CLI loads each command's module when the command runs (synth, and with it cdktf, only for
      // `email-assets synth`), and the prompt library
      // only when `email-assets init` has a question to ask; provider bindings
      // load when a construct first creates their resource type (src/constructs/provider-bindings.ts).
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^tldts$", "^yaml$", "^js-yaml$", "^@humanwhocodes/momoa$", "^zod$", "^\\.\\./stacks/synth-app$", "^\\./(discover|synth|verify|validate|stacks|proxy-config)-command$", "^@inquirer/prompts$", "^@cdktf/provider-(aws|cloudflare)/lib/(?!index$)[a-z0-9-]+$", "^@cdktn/provider-aws/lib/(?!index$)[a-z0-9-]+$"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: "error",
    },
  },
  ...layerRules,
  {
    // A file a reader takes in whole: past 300 lines, one of its jobs wants a file of its own.
    files: ["src/**/*.ts", "stacks/**/*.ts"],
    rules: { "max-lines": ["error", { max: 300 }] },
  },
  {
    // The cdktf-free entry point: what a user who only validates configs loads.
    files: ["src/validate.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [PROVIDER_ROOT, CDKTF, { regex: "^\\./(plan|cloudflare|proxy|constructs|stacks|cli)/", message: "src/validate.ts exports the config layer only." }] }] },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // Tests read synthesized JSON, which is untyped by nature.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
);
