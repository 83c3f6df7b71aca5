import { describe, expect, it } from "vitest";
import { renderWorkerScript } from "../../src/cloudflare/worker-script";
import { checkArguments } from "../../src/config/rules/argument-check";
import { parseConfig } from "../../src/config/rules/validate-config";
import { intercomHost } from "../../src/intercom/intercom-host";
import { resolvePlans, resolveStacks } from "../../src/plan/resolve-plan";
import { renderProxyConfig } from "../../src/proxy/render-proxy-config";
import { asEdge, plansOf } from "../support/plans";
import { cloudflareDomain } from "../support/fixtures";

// The public functions a library user calls, called from plain JavaScript without an argument
// they need (or with a wrong one): one line naming it and saying where to get it, instead of a
// TypeError from deep inside or a wrong result ("acme.undefined", an nginx config for "Apache").

const { specs } = parseConfig({ domains: [cloudflareDomain()] });
const proxyPlan = asEdge(
  plansOf({ domains: [{ domain: "emails.example.com", workspace: "acme", region: "us", edge: "proxy", proxy: { server: "apache", certificateFile: "/etc/ssl/e.pem", certificateKeyFile: "/etc/ssl/e.key", ipv4: "203.0.113.10" } }] })[0],
  "proxy",
).proxy;

type Loose = (...args: unknown[]) => unknown;
const call = (fn: unknown, ...args: unknown[]) => () => (fn as Loose)(...args);

/** [case, the call, its one line] */
const MISSING: [string, () => unknown, string][] = [
  [
    "resolveStacks is called without terraform",
    call(resolveStacks, specs),
    "resolveStacks(specs, terraform): terraform: is required: the terraform settings parseConfig(config) returns beside the specs, which say where each stack keeps its state; received nothing",
  ],
  ["resolveStacks is called with nothing", call(resolveStacks), "resolveStacks(specs, terraform): specs: is required: the specs of parseConfig(config) or validateConfig(config); received nothing"],
  ["resolveStacks is given the whole parse result", call(resolveStacks, parseConfig({ domains: [cloudflareDomain()] })), "resolveStacks(specs, terraform): specs: must be a list: the specs of parseConfig(config) or validateConfig(config); received {"],
  ["resolvePlans is called with nothing", call(resolvePlans), "resolvePlans(specs): specs: is required: the specs of parseConfig(config) or validateConfig(config); received nothing"],
  ["intercomHost is called without a region", call(intercomHost, "acme"), "intercomHost(workspace, region): region: must be one of us, eu, au (the workspace's data hosting region); received nothing"],
  ["intercomHost is given a region in capitals", call(intercomHost, "acme", "US"), 'intercomHost(workspace, region): region: must be one of us, eu, au (the workspace\'s data hosting region); received "US"'],
  ["intercomHost is called with nothing", call(intercomHost), 'intercomHost(workspace, region): workspace: must be a string: the workspace\'s subdomain, "acme" for acme.intercom-mail.com; received nothing'],
  ["intercomHost is given a number", call(intercomHost, 7, "us"), "intercomHost(workspace, region): workspace: must be a string: the workspace's subdomain, \"acme\" for acme.intercom-mail.com; received number"],
  ["renderWorkerScript is called without the host", call(renderWorkerScript, "emails.example.com"), 'renderWorkerScript(domain, intercomHost): intercomHost: is required: the Intercom host, intercomHost(workspace, region): "acme.intercom-mail.com"; received nothing'],
  ["renderWorkerScript is given a number", call(renderWorkerScript, 1, "acme.intercom-mail.com"), "renderWorkerScript(domain, intercomHost): domain: must be a string: the custom domain, emails.example.com; received 1"],
  ["renderProxyConfig is called with nothing", call(renderProxyConfig), "renderProxyConfig(input, server?): input: is required: a proxy plan: the proxy of a resolvePlans(specs) entry whose edge is proxy; received nothing"],
  ["renderProxyConfig is given a server in capitals", call(renderProxyConfig, proxyPlan, "Apache"), 'renderProxyConfig(input, server?): server: must be one of apache, nginx (the web server to render for); received "Apache"'],
  ["renderProxyConfig is given a plan with a bad server", call(renderProxyConfig, { ...proxyPlan, server: "caddy" }), 'renderProxyConfig(input, server?): input.server: must be one of apache, nginx (the web server to render for); received "caddy"'],
];

describe("public functions check the arguments a plain JavaScript caller may leave out", () => {
  // The whole line, or (where the received value is a long object) its start.
  it.each(MISSING)("fails when %s", (_name, fn, line) => {
    expect(fn).toThrow(TypeError);
    let message = "";
    try {
      fn();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")[0]?.startsWith(line), message).toBe(true);
  });

  it("gives one line per wrong argument", () => {
    expect(call(resolveStacks, undefined, "local")).toThrow(
      "resolveStacks(specs, terraform): specs: is required: the specs of parseConfig(config) or validateConfig(config); received nothing\n" +
        'resolveStacks(specs, terraform): terraform: must be an object: the terraform settings parseConfig(config) returns beside the specs, which say where each stack keeps its state; received "local"',
    );
    expect(call(intercomHost, undefined, "moon")).toThrow(/workspace: must be a string[^\n]*\nintercomHost\(workspace, region\): region: must be one of us, eu, au/);
  });

  it("still works for the arguments it is given", () => {
    expect(intercomHost("acme", "au")).toBe("acme.au.intercom-mail.com");
    expect(renderProxyConfig(proxyPlan).server).toBe("apache");
    expect(renderProxyConfig(proxyPlan, "nginx").fileName).toBe("emails.example.com.nginx.conf");
    expect(renderWorkerScript("emails.example.com", "acme.intercom-mail.com")).toContain('const INTERCOM_HOST = "acme.intercom-mail.com";');
    expect(resolveStacks(specs, parseConfig({ domains: [cloudflareDomain()] }).terraform).map((stack) => stack.id)).toEqual(["emails-example-com"]);
  });

  it("checkArguments says what a string argument must be", () => {
    expect(() => checkArguments("f(name)", [["name", 1, "string", "a name"]])).toThrow("f(name): name: must be a string: a name; received 1");
    expect(() => checkArguments("f(list)", [["list", {}, "list", "a list of names"]])).toThrow("f(list): list: must be a list: a list of names; received {}");
    expect(() => checkArguments("f(name)", [["name", "x", "string", "a name"]])).not.toThrow();
  });
});
