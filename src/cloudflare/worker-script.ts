import { createHash } from "node:crypto";
import { checkArguments } from "../config/rules/argument-check";
import { WORKER_SCRIPT_NAME_MAX_LENGTH } from "../facts/cloudflare-facts";

/** The Workers runtime version the script is written against. */
export const WORKER_COMPATIBILITY_DATE = "2025-09-01";
/** The module name the script is uploaded as. */
export const WORKER_MAIN_MODULE = "worker.js";

/** The Worker of `worker` mode, as it is uploaded and routed. */
export interface WorkerPlan {
  /** The account that owns the Worker. */
  readonly accountId: string;
  readonly scriptName: string;
  /** The module's source (see renderWorkerScript). */
  readonly script: string;
  readonly mainModule: string;
  readonly compatibilityDate: string;
  /** The route that sends the domain's requests to the Worker. */
  readonly routePattern: string;
}

const HASH_LENGTH = 8;

/**
 * The Worker's name: `email-assets-<stack id>`, cut to Cloudflare's 63-character limit with a
 * hash of the full name so two long domains never share one.
 */
export function workerScriptName(stackId: string): string {
  const name = `email-assets-${stackId}`;
  if (name.length <= WORKER_SCRIPT_NAME_MAX_LENGTH) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, HASH_LENGTH);
  return `${name.slice(0, WORKER_SCRIPT_NAME_MAX_LENGTH - HASH_LENGTH - 1).replace(/-+$/, "")}-${hash}`;
}

/** The Worker that serves `domain` from the Intercom host, named after its stack. */
export function workerPlan(domain: string, intercomHost: string, stackId: string, accountId: string): WorkerPlan {
  return {
    accountId,
    scriptName: workerScriptName(stackId),
    script: renderWorkerScript(domain, intercomHost),
    mainModule: WORKER_MAIN_MODULE,
    compatibilityDate: WORKER_COMPATIBILITY_DATE,
    routePattern: `${domain}/*`,
  };
}

/**
 * The Worker that serves a custom domain from the Intercom host on any Cloudflare plan: it sends
 * plain HTTP to HTTPS (301), forwards everything else to https://<Intercom host> (so Host and SNI
 * are the Intercom host) with method, path, query, headers and body, does not follow redirects
 * (a tracked link's 302 must reach the recipient's browser), and rewrites a Location that names
 * the Intercom host to the custom domain.
 *
 * The text is uploaded as it is and goes through Terraform's string templates, so it must not
 * contain "${" or "%{"; a test checks that.
 */
export function renderWorkerScript(domain: string, intercomHost: string): string {
  checkArguments("renderWorkerScript(domain, intercomHost)", [
    ["domain", domain, "string", "the custom domain, emails.example.com"],
    ["intercomHost", intercomHost, "string", 'the Intercom host, intercomHost(workspace, region): "acme.intercom-mail.com"'],
  ]);
  return `// email-assets-domain Worker: ${domain} -> https://${intercomHost}
// Generated from the email-assets config; regenerate it rather than editing it.
const CUSTOM_DOMAIN = ${JSON.stringify(domain)};
const INTERCOM_HOST = ${JSON.stringify(intercomHost)};
// Headers that belong to one connection, not to the request; Host comes from the target URL.
const CONNECTION_HEADERS = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"];

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.protocol === "http:") {
      return Response.redirect("https://" + CUSTOM_DOMAIN + url.pathname + url.search, 301);
    }
    const headers = new Headers(request.headers);
    for (const name of CONNECTION_HEADERS) headers.delete(name);
    const hasBody = request.method !== "GET" && request.method !== "HEAD";
    const response = await fetch("https://" + INTERCOM_HOST + url.pathname + url.search, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      redirect: "manual",
    });
    const location = response.headers.get("location");
    const rewritten = location === null ? null : rewriteLocation(location);
    if (rewritten === null || rewritten === location) return response;
    const relayed = new Response(response.body, response);
    relayed.headers.set("location", rewritten);
    return relayed;
  },
};

// https://<Intercom host>/x, http://<Intercom host>/x and //<Intercom host>/x name the origin;
// the recipient must see the custom domain instead.
function rewriteLocation(location) {
  for (const prefix of ["https://", "http://", "//"]) {
    const origin = prefix + INTERCOM_HOST;
    if (location.slice(0, origin.length).toLowerCase() !== origin) continue;
    let rest = location.slice(origin.length);
    if (rest.startsWith(":443")) rest = rest.slice(4);
    if (rest === "" || "/?#".includes(rest[0])) return "https://" + CUSTOM_DOMAIN + rest;
  }
  return location;
}
`;
}
