import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A throwaway PKI made with the openssl CLI: one test CA and leaf certificates it signs. */
export interface TestPki {
  readonly dir: string;
  readonly caFile: string;
  /** Issues a CA-signed certificate for `names`, valid for `days` (2 unless given); returns the cert (chain) and key paths. */
  issue(id: string, names: readonly string[], days?: number): { certFile: string; keyFile: string };
  /** A CA-signed certificate for `names` that expired in 2020. */
  expired(id: string, names: readonly string[]): { certFile: string; keyFile: string };
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
    issue(id, names, days = 2) {
      writeFileSync(join(dir, `${id}.ext`), extensions(names));
      openssl(["req", ...EC_KEY, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${names[0]}`], dir);
      openssl(["x509", "-req", "-in", `${id}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", String(days), "-extfile", `${id}.ext`, "-out", `${id}.crt`], dir);
      // A full chain, as Let's Encrypt's fullchain.pem is.
      writeFileSync(join(dir, `${id}.pem`), readFileSync(join(dir, `${id}.crt`), "utf8") + readFileSync(caFile, "utf8"));
      return { certFile: join(dir, `${id}.pem`), keyFile: join(dir, `${id}.key`) };
    },
    expired(id, names) {
      writeFileSync(join(dir, `${id}.ext`), extensions(names));
      openssl(["req", ...EC_KEY, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${names[0]}`], dir);
      // `openssl ca` is the one subcommand of OpenSSL 3.0 that takes explicit validity dates.
      mkdirSync(join(dir, `${id}-ca`), { recursive: true });
      writeFileSync(join(dir, `${id}-ca`, "index.txt"), "");
      writeFileSync(join(dir, `${id}-ca`, "serial"), "1000\n");
      writeFileSync(
        join(dir, `${id}-ca.cnf`),
        `[ca]\ndefault_ca = lab\n[lab]\ndatabase = ${id}-ca/index.txt\nserial = ${id}-ca/serial\nnew_certs_dir = ${id}-ca\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n`,
      );
      openssl(["ca", "-batch", "-notext", "-config", `${id}-ca.cnf`, "-cert", "ca.pem", "-keyfile", "ca.key", "-in", `${id}.csr`, "-out", `${id}.crt`, "-startdate", "20200101000000Z", "-enddate", "20200301000000Z", "-extfile", `${id}.ext`], dir);
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
