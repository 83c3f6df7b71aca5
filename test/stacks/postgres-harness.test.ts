import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPostgresBinaries, POSTGRES_MISSING, startPostgres, type PostgresServer } from "../support/postgres";

/** psql as a client, with only the connection string to go on (no PG* settings, no ~/.pgpass). */
function psqlWith(psql: string, connectionString: string, sql: string) {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("PG")) env[key] = value;
  return spawnSync(psql, ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", connectionString, "-c", sql], {
    env: { ...env, PGPASSFILE: "/dev/null", PGCONNECT_TIMEOUT: "10" },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("test/support/postgres: a throwaway PostgreSQL server", () => {
  let server: PostgresServer | undefined;
  afterAll(async () => server?.stop());

  it("starts, answers the superuser and the password-only role, and leaves nothing behind", async () => {
    const binaries = findPostgresBinaries();
    // No silent skip: a machine without PostgreSQL fails here, saying what to install.
    if (!binaries) throw new Error(POSTGRES_MISSING);

    server = await startPostgres();
    expect(server.connectionString).toBe(`postgres://email_assets:${server.password}@127.0.0.1:${server.port}/terraform?sslmode=disable`);

    // The superuser, through query(), in the database terraform.
    server.query("create table harness_check (id integer primary key, note text)");
    server.query("insert into harness_check values (1, 'one'), (2, 'two')");
    expect(server.query("select count(*), max(note) from harness_check")).toBe("2|two");
    expect(server.query("select current_database()")).toBe("terraform");
    expect(server.query("select pg_catalog.pg_get_userbyid(datdba) from pg_database where datname = 'terraform'")).toBe("email_assets");
    expect(server.query("select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'email_assets'")).toBe("t");
    expect(() => server!.query("select * from no_such_table")).toThrow(/no_such_table/);

    // The role, over TCP with the connection string: the password is what lets it in.
    const asRole = psqlWith(binaries.psql, server.connectionString, "select current_user, current_database()");
    expect(asRole.stderr).toBe("");
    expect(asRole.status).toBe(0);
    expect(asRole.stdout.trim()).toBe("email_assets|terraform");
    const wrongPassword = psqlWith(binaries.psql, server.connectionString.replace(server.password, "not-the-password"), "select 1");
    expect(wrongPassword.status).not.toBe(0);
    expect(wrongPassword.stderr).toMatch(/password authentication failed for user "email_assets"/);
    // The owner can do what Terraform's pg backend does: a schema and a table of its own.
    const ddl = psqlWith(binaries.psql, server.connectionString, "create schema harness_state; create table harness_state.states (id serial primary key, data text)");
    expect(ddl.stderr).toBe("");
    expect(ddl.status).toBe(0);

    // stop(): the server is gone, and so is its folder.
    const folder = dirname(server.query("show data_directory"));
    expect(existsSync(folder)).toBe(true);
    await server.stop();
    expect(existsSync(folder)).toBe(false);
    expect(psqlWith(binaries.psql, server.connectionString, "select 1").status).not.toBe(0);
    await server.stop(); // a second stop does nothing
    server = undefined;
  });
});
