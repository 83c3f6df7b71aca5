import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { specialKind } from "../../src/cli/special-kind";
import { useTempDirs } from "../support/project";

const workdir = useTempDirs();

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A Unix socket file in `dir`, listening until the test ends. */
async function socketFile(dir: string): Promise<string> {
  const path = join(dir, "sock");
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(path, done));
  return path;
}

describe("specialKind: the words for files the CLI will not write to", () => {
  it("names each kind of non-regular file it refuses to write to", async () => {
    const dir = workdir();
    const fifo = join(dir, "fifo");
    expect(spawnSync("mkfifo", [fifo]).status, "mkfifo (coreutils) is needed").toBe(0);
    expect(specialKind(statSync(fifo))).toBe("a FIFO (named pipe)");
    expect(specialKind(statSync("/dev/null"))).toBe("a device");
    expect(specialKind(statSync(await socketFile(dir)))).toBe("a socket");
    expect(specialKind(statSync(dir))).toBe("not a regular file");
  });
});
