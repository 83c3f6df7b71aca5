import type { TerraformResource } from "cdktf";
import { CLOUDFLARE_ID } from "../facts/cloudflare-facts";
import type { PropsCheck } from "./props-check";

/**
 * Imports the live object that `importId` names into `resource` (a Terraform `import` block, with
 * the resource's own provider), when it is given; otherwise the resource is created.
 */
export function importWhenAdopted(resource: TerraformResource, importId: string | undefined): void {
  if (importId !== undefined) resource.importFrom(importId, resource.provider);
}

/**
 * Import ids of Cloudflare DNS records, page rules and Worker routes: `<zone id>/<object id>`, in
 * the zone the construct writes to (an object of another zone cannot be imported into it).
 */
export function checkCloudflareImportIds(check: PropsCheck, ids: Readonly<Record<string, string | undefined>> | undefined, zoneId: string): void {
  for (const [key, id] of Object.entries(ids ?? {})) {
    // A value of the wrong type is reported by the props check already.
    if (typeof id !== "string") continue;
    const [zone, objectId = "", ...rest] = id.split("/");
    check.expect(
      zone === zoneId && CLOUDFLARE_ID.test(objectId) && rest.length === 0,
      `importIds.${key}`,
      `must be "${zoneId}/<id>": the construct's zone, a slash, and the object's id (32 lower-case hexadecimal digits)`,
      id,
    );
  }
}
