import { BlockList, isIPv6 } from "node:net";

/** A set of CIDR ranges that answers "is this address inside?" (node's BlockList does the matching). */
export function rangeSet(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network = "", prefix = ""] = cidr.split("/");
    list.addSubnet(network, Number(prefix), isIPv6(network) ? "ipv6" : "ipv4");
  }
  return (address) => list.check(address, isIPv6(address) ? "ipv6" : "ipv4");
}
