import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A throwaway PKI made with the openssl CLI: one test CA and leaf certificates it signs. */
export interface TestPki {
  readonly dir: string;
  readonly caFile: string;
  /** Issues a CA-signed certificate for `names`; returns the cert (chain) and key paths. */
  issue(id: string, names: readonly string[]): { certFile: string; keyFile: string };
  /** A self-signed certificate for `names`, which the test CA does not vouch for. */
  selfSigned(id: string, names: readonly string[]): { certFile: string; keyFile: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

const EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

export function createTestPki(dir: string): TestPki {
  openssl(["req", "-x509", ...EC_KEY, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=email-assets test CA"], dir);
  const caFile = join(dir, "ca.pem");
  const extensions = (names: readonly string[]) =>
    `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`;
  return {
    dir,
    caFile,
    issue(id, names) {
      writeFileSync(join(dir, `${id}.ext`), extensions(names));
      openssl(["req", ...EC_KEY, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${names[0]}`], dir);
      openssl(["x509", "-req", "-in", `${id}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", `${id}.ext`, "-out", `${id}.crt`], dir);
      // A full chain, as Let's Encrypt's fullchain.pem is.
      writeFileSync(join(dir, `${id}.pem`), readFileSync(join(dir, `${id}.crt`), "utf8") + readFileSync(caFile, "utf8"));
      return { certFile: join(dir, `${id}.pem`), keyFile: join(dir, `${id}.key`) };
    },
    selfSigned(id, names) {
      writeFileSync(join(dir, `${id}.ext`), extensions(names));
      openssl(["req", "-x509", ...EC_KEY, "-keyout", `${id}.key`, "-out", `${id}.pem`, "-days", "2", "-subj", `/CN=${names[0]}`, "-addext", `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`], dir);
      return { certFile: join(dir, `${id}.pem`), keyFile: join(dir, `${id}.key`) };
    },
  };
}
