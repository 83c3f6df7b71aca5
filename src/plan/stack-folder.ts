/** A stack's folder, as commands name it: `<outdir>/stacks/<stack id>` (cdktf's layout), without a doubled slash. */
export function stackFolder(outdir: string, stackId: string): string {
  return `${outdir.replace(/\/+$/, "")}/stacks/${stackId}`;
}
