import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Miniflare } from "miniflare";
import { stringify } from "yaml";
import { APP_JS, cleanEnv, runNode, tempDir, writeFile } from "../support/project";
import { ZONE_A } from "../support/fixtures";

// The exact script the synthesized stack uploads, read back from its Terraform JSON, run in the
// real Workers runtime (workerd, through miniflare) with every outbound fetch captured.

const DOMAIN = "links.example.com";
const INTERCOM = "acme.intercom-mail.eu";

interface Outbound {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

const outbound: Outbound[] = [];
let mf: Miniflare;
let script = "";
const { dir, cleanup } = tempDir("email-assets-worker-");

/** What the stand-in Intercom answers. */
function intercom(request: Request): Response {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/t/")) {
    return new Response(null, { status: 302, headers: { Location: "https://www.example.org/landing?utm=1" } });
  }
  if (url.pathname.startsWith("/self")) {
    return new Response(null, { status: 302, headers: { Location: `https://${INTERCOM}/after?x=1` } });
  }
  if (url.pathname.startsWith("/relative")) {
    return new Response(null, { status: 301, headers: { Location: "/elsewhere" } });
  }
  if (url.pathname.startsWith("/lookalike")) {
    return new Response(null, { status: 302, headers: { Location: `https://${INTERCOM}.evil.example/x` } });
  }
  return new Response(`served ${url.pathname}${url.search}`, { status: 203, headers: { "X-Intercom": "yes", "Content-Type": "text/plain" } });
}

beforeAll(() => {
  writeFile(
    dir,
    "email-assets.yaml",
    stringify({
      domains: [
        {
          domain: DOMAIN,
          workspace: "acme",
          region: "eu",
          edge: "cloudflare",
          cloudflare: { zoneId: ZONE_A, mode: "worker", accountId: "0123456789abcdef0123456789abcdef" },
        },
      ],
    }),
  );
  const run = runNode(APP_JS, [], dir, cleanEnv());
  expect(run.status, run.stderr).toBe(0);
  const stack = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "links-example-com", "cdk.tf.json"), "utf8"));
  const worker = stack.resource.cloudflare_workers_script.worker;
  script = worker.content;
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: worker.compatibility_date,
    outboundService: async (request: Request) => {
      outbound.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body: request.method === "GET" || request.method === "HEAD" ? "" : await request.text(),
      });
      return intercom(request);
    },
  });
});

afterAll(async () => {
  await mf?.dispose();
  cleanup();
});

const last = () => outbound[outbound.length - 1];

describe("the synthesized Worker in the Workers runtime", () => {
  it("carries no Terraform template sequences, so Terraform uploads it unchanged", () => {
    expect(script).toContain(`const INTERCOM_HOST = "${INTERCOM}";`);
    expect(script).not.toMatch(/[$%]\{/);
  });

  it("forwards a GET with its path and query to the Intercom host and relays the answer", async () => {
    const response = await mf.dispatchFetch(`https://${DOMAIN}/i/abc.png?w=2&x=%2F`, { headers: { "User-Agent": "mail-client", Cookie: "a=1" } });
    expect(response.status).toBe(203);
    expect(response.headers.get("x-intercom")).toBe("yes");
    expect(await response.text()).toBe("served /i/abc.png?w=2&x=%2F");
    expect(last()).toMatchObject({ url: `https://${INTERCOM}/i/abc.png?w=2&x=%2F`, method: "GET" });
    expect(new URL(last().url).host).toBe(INTERCOM);
    expect(last().headers["user-agent"]).toBe("mail-client");
    expect(last().headers.cookie).toBe("a=1");
  });

  it("forwards a POST with its body (one-click unsubscribe)", async () => {
    const response = await mf.dispatchFetch(`https://${DOMAIN}/unsubscribe/xyz?list=1`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(response.status).toBe(203);
    expect(last()).toMatchObject({
      url: `https://${INTERCOM}/unsubscribe/xyz?list=1`,
      method: "POST",
      body: "List-Unsubscribe=One-Click",
    });
    expect(last().headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("returns a tracked link's 302 to the browser instead of following it", async () => {
    const before = outbound.length;
    const response = await mf.dispatchFetch(`https://${DOMAIN}/t/123?u=abc`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://www.example.org/landing?utm=1");
    // Following it would have fetched www.example.org too.
    expect(outbound.map((o) => new URL(o.url).host).slice(before)).toEqual([INTERCOM]);
  });

  it("rewrites a Location that names the Intercom host to the custom domain", async () => {
    const response = await mf.dispatchFetch(`https://${DOMAIN}/self`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`https://${DOMAIN}/after?x=1`);
  });

  it("leaves relative and look-alike Locations alone", async () => {
    const relative = await mf.dispatchFetch(`https://${DOMAIN}/relative`, { redirect: "manual" });
    expect(relative.headers.get("location")).toBe("/elsewhere");
    const lookalike = await mf.dispatchFetch(`https://${DOMAIN}/lookalike`, { redirect: "manual" });
    expect(lookalike.headers.get("location")).toBe(`https://${INTERCOM}.evil.example/x`);
  });

  it("redirects plain HTTP to the same path and query on HTTPS with a 301, without calling Intercom", async () => {
    const before = outbound.length;
    const response = await mf.dispatchFetch(`http://${DOMAIN}/i/abc.png?w=2`, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(`https://${DOMAIN}/i/abc.png?w=2`);
    expect(outbound.length).toBe(before);
  });
});
