#!/usr/bin/env node
// Extracts, from a generated AWS provider binding package (@cdktf/provider-aws or @cdktn/provider-aws),
// the Terraform schema of the provider's configuration and of the aws_* resource types this project emits, in the shape of
// `terraform providers schema -json` (one `block` per resource type), so that the schema-conformance
// tests can check the project's output against a provider version whose binary this machine lacks.
//
//   node scripts/extract-aws-schema.mjs PACKAGE_DIR OUT_FILE
//
// PACKAGE_DIR is an unpacked binding package (its `.jsii` assembly is what is read: nothing else of
// it is copied), e.g. after `npm pack @cdktn/provider-aws@25.7.0 && tar xzf cdktn-provider-aws-25.7.0.tgz
// package/.jsii` it is `package`. The provider version is read from the assembly's registry links.
//
// What the assembly says, and so what the extract holds: every settable attribute and nested block
// with its Terraform name (the registry link's anchor), whether it is required, its type (string,
// number, bool, list or map of those; a list stands for a set too), for a block whether it occurs at
// most once (max_items 1) and at least once (min_items 1, a required block), and the resource's own
// computed-only attributes (no type). It does not say list from set, a larger max_items, validators,
// or computed-only attributes of nested blocks; README "Provider versions" says what that leaves out.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The aws_* resource types the project emits (test/conformance/aws-schema.test.ts pins the list). */
const RESOURCE_TYPES = ["aws_acm_certificate", "aws_acm_certificate_validation", "aws_cloudfront_distribution", "aws_route53_record"];

const [packageDir, outFile] = process.argv.slice(2);
if (packageDir === undefined || outFile === undefined) {
  console.error("usage: node scripts/extract-aws-schema.mjs PACKAGE_DIR OUT_FILE");
  process.exit(2);
}

const assembly = JSON.parse(readFileSync(join(packageDir, ".jsii"), "utf8"));
const types = assembly.types;
// A resource's property links to docs/resources/<type>#<name>, the provider's to docs#<name>.
const LINK = /registry\.terraform\.io\/providers\/hashicorp\/aws\/(\d+\.\d+\.\d+)\/docs(?:\/resources\/[a-z0-9_]+)?#([a-z0-9_]+)/;
const versions = new Set();

const camel = (snake) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (snake) => camel(snake).replace(/^./, (c) => c.toUpperCase());
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

function fail(message) {
  console.error(`[extract-aws-schema] ${message}`);
  process.exit(1);
}

/** The property's Terraform name, from its registry link. */
function terraformName(property, where) {
  const text = `${property.docs?.summary ?? ""} ${property.docs?.remarks ?? ""}`;
  const link = LINK.exec(text);
  if (link === null) fail(`${where}.${property.name}: no registry link to read its Terraform name from`);
  versions.add(link[1]);
  return link[2];
}

/** jsii's type of a property without cdktf's IResolvable alternative (a token in place of a value). */
function withoutResolvable(type) {
  if (type.union === undefined) return type;
  const rest = type.union.types.filter((member) => !/^cdkt[fn]\.IResolvable$/.test(member.fqn ?? ""));
  if (rest.length !== 1) fail(`unexpected union ${JSON.stringify(type)}`);
  return rest[0];
}

const PRIMITIVES = { string: "string", number: "number", boolean: "bool" };

/** A Terraform type from a jsii attribute type, or undefined for a struct (a nested block). */
function attributeType(type, where) {
  const plain = withoutResolvable(type);
  if (plain.primitive !== undefined) return PRIMITIVES[plain.primitive] ?? fail(`${where}: primitive ${plain.primitive}`);
  if (plain.collection !== undefined) {
    const element = attributeType(plain.collection.elementtype, where);
    if (element === undefined) return undefined;
    return [plain.collection.kind === "map" ? "map" : "list", element];
  }
  return undefined;
}

/** The block of the struct `fqn`: its attributes and nested blocks. */
function structBlock(fqn, metaArguments = []) {
  const struct = types[fqn] ?? fail(`no type ${fqn} in the assembly`);
  const attributes = {};
  const blockTypes = {};
  for (const property of struct.properties ?? []) {
    const name = terraformName(property, fqn);
    if (metaArguments.includes(name)) continue;
    const where = `${fqn}.${property.name}`;
    const required = property.optional !== true;
    const isBlock = / block\.$/.test(property.docs?.summary ?? "");
    const type = attributeType(property.type, where);
    if (!isBlock) {
      if (type === undefined) fail(`${where}: an object-typed attribute, which this extraction does not read`);
      attributes[name] = required ? { type, required: true } : { type, optional: true };
      continue;
    }
    const plain = withoutResolvable(property.type);
    const single = plain.fqn !== undefined;
    const element = single ? plain.fqn : plain.collection?.elementtype?.fqn;
    if (element === undefined) fail(`${where}: a block that is neither a struct nor a list of structs`);
    blockTypes[name] = {
      nesting_mode: "list",
      block: structBlock(element),
      ...(required && { min_items: 1 }),
      ...(single && { max_items: 1 }),
    };
  }
  return { attributes: sorted(attributes), block_types: sorted(blockTypes) };
}

const sorted = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** The resource's own read-only attributes: getters of the resource class that no config property sets. */
function computedOnly(resourceFqn, block) {
  const resource = types[resourceFqn] ?? fail(`no type ${resourceFqn} in the assembly`);
  const settable = new Set([...Object.keys(block.attributes), ...Object.keys(block.block_types)]);
  const computed = {};
  for (const property of resource.properties ?? []) {
    if (property.static === true || property.immutable !== true || property.name.endsWith("Input")) continue;
    const name = snake(property.name);
    if (!settable.has(name)) computed[name] = { computed: true };
  }
  return computed;
}

const moduleOf = Object.fromEntries(
  Object.entries(assembly.submodules ?? {}).map(([name]) => [name.slice(name.lastIndexOf(".") + 1), name]),
);
const resourceSchemas = {};
for (const type of RESOURCE_TYPES) {
  const base = type.replace(/^aws_/, "");
  const submodule = moduleOf[camel(base)] ?? fail(`no submodule for ${type}`);
  const block = structBlock(`${submodule}.${pascal(base)}Config`);
  block.attributes = sorted({ ...block.attributes, ...computedOnly(`${submodule}.${pascal(base)}`, block) });
  resourceSchemas[type] = { block };
}
// `alias` is Terraform's meta-argument, which the provider's own schema does not list.
const provider = { block: structBlock(`${moduleOf.provider ?? fail("no provider submodule")}.AwsProviderConfig`, ["alias"]) };
if (versions.size !== 1) fail(`the registry links name ${versions.size} provider versions: ${[...versions].join(", ")}`);
const [version] = versions;
const extract = {
  _about:
    `The schema of the provider configuration and of the aws_* resource types this project emits, for hashicorp/aws ${version}, extracted by ` +
    `scripts/extract-aws-schema.mjs from the generated binding package ${assembly.name}@${assembly.version} (its .jsii ` +
    "assembly). Shaped like `terraform providers schema -json`; a list type or list nesting stands for a set too; " +
    "max_items is given only where it is 1; computed-only attributes are listed for the resource's top level only.",
  provider: "registry.terraform.io/hashicorp/aws",
  version,
  source: `${assembly.name}@${assembly.version}`,
  provider,
  resource_schemas: resourceSchemas,
};
writeFileSync(outFile, `${JSON.stringify(extract, null, 1)}\n`);
console.log(`[extract-aws-schema] ${outFile}: hashicorp/aws ${version} from ${assembly.name}@${assembly.version}, ${RESOURCE_TYPES.length} resource types`);
