//! SPEC §13 "Any SQL database SQLModel supports": a throwaway PostgreSQL cluster
//! (`initdb` + `pg_ctl` on a free port, as the `postgres` user when root), the generated
//! project's own tests on it (`TEST_DATABASE_URL`), then the app served on it over HTTP
//! and fuzzed by schemathesis. Skips, saying so, only where `initdb` is not installed.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{repo_file, run_in};
use crate::e2e::venv_python;
use crate::e2e::{
    OWNERS, assert_migrations_round_trip, assert_pycheck_on, http, json, pets_changed,
    schemathesis, serve,
};

/// A PostgreSQL cluster in a temp dir, stopped when dropped.
struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl Postgres {
    /// Starts one, or `None` where PostgreSQL's `initdb` is not installed.
    fn start() -> Option<Postgres> {
        let bin = postgres_bin()?;
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = Postgres {
            dir,
            bin,
            port,
            as_postgres,
        };
        if as_postgres {
            // initdb refuses to run as root: the cluster (data, socket, log) belongs to
            // `postgres`; root removes the temp dir all the same.
            let status = Command::new("chown")
                .arg("postgres")
                .arg(pg.dir.path())
                .status()
                .unwrap();
            assert!(status.success(), "chown postgres");
        }
        let data = pg.data().display().to_string();
        pg.run(
            "initdb",
            &["-D", &data, "-A", "trust", "-U", "postgres", "--no-sync"],
        );
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            pg.port,
            pg.dir.path().display()
        );
        let log = pg.dir.path().join("log").display().to_string();
        pg.run(
            "pg_ctl",
            &["-D", &data, "-o", &options, "-l", &log, "-w", "start"],
        );
        Some(pg)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn url(&self) -> String {
        format!(
            "postgresql+psycopg://postgres@127.0.0.1:{}/postgres",
            self.port
        )
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let program = self.bin.join(tool);
        let output = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .output()
        } else {
            Command::new(&program).args(args).output()
        }
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
        assert!(
            output.status.success(),
            "{tool} {args:?}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data().display().to_string();
        let program = self.bin.join("pg_ctl");
        let args = ["-D", data.as_str(), "-m", "immediate", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .output()
        } else {
            Command::new(&program).args(args).output()
        };
    }
}

/// The directory of `initdb`: on the PATH, else where Debian installs PostgreSQL.
/// Drops every table of the database at `url` (its `public` schema, made again empty).
fn empty_database(url: &str) {
    let out = Command::new(venv_python())
        .args([
            "-c",
            "import os, sqlalchemy as sa\n\
             engine = sa.create_engine(os.environ['DATABASE_URL'])\n\
             with engine.begin() as c:\n\
             \x20   c.execute(sa.text('DROP SCHEMA public CASCADE'))\n\
             \x20   c.execute(sa.text('CREATE SCHEMA public'))\n",
        ])
        .env("DATABASE_URL", url)
        .output()
        .expect("empty the database");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn postgres_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let debian: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(debian)
        .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
}

fn feature(project: &Path, file: &Path) {
    let r = run_in(
        project,
        &["feature", "--request", file.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}: {}", file.display(), r.stderr);
}

#[test]
fn resources_pass_their_tests_and_schemathesis_on_postgresql() {
    let Some(pg) = Postgres::start() else {
        eprintln!("skipped: PostgreSQL's initdb is not installed");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("demo");
    // With users and login (SPEC §15): their tests run on PostgreSQL too, and
    // schemathesis fuzzes the login and users routes.
    let r = run_in(tmp.path(), &["init", "--auth", "demo"], b"");
    assert_eq!(r.code, 0, "init: {}", r.stderr);
    let owners = tmp.path().join("owners.yaml");
    std::fs::write(&owners, OWNERS).unwrap();
    feature(&project, &repo_file("examples/pets.yaml"));
    feature(&project, &owners);
    feature(&project, &repo_file("examples/pet_visits.yaml"));
    feature(&project, &repo_file("examples/appointments.yaml"));
    feature(&project, &repo_file("examples/vaccinations.yaml"));
    // Protected (SPEC §15): schemathesis, without a token, meets their documented 401s.
    feature(&project, &repo_file("examples/notes.yaml"));
    feature(&project, &repo_file("examples/whoami.yaml"));
    // References to the hand-written users table (SPEC §13: `{table, column, type}`).
    feature(&project, &repo_file("examples/tasks.yaml"));
    // A tree: references to its own rows.
    feature(&project, &repo_file("examples/categories.yaml"));
    let pets = pets_changed(tmp.path());
    let r = run_in(
        &project,
        &["update", "pets", "--request", pets.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "update: {}", r.stderr);
    assert_pycheck_on(
        &project,
        Some(&pg.url()),
        "scripts/pycheck failed with the tests on PostgreSQL",
    );

    let (server, port) = serve(&project, &pg.url());
    let call = |method: &str, path: &str, body: &str| {
        http(port, method, path, Some(body)).unwrap_or_else(|| panic!("{method} {path}"))
    };
    let (status, body) = call(
        "POST",
        "/api/v1/pets",
        r#"{"name": "Rex", "species": "dog", "tags": ["a"]}"#,
    );
    assert_eq!(status, 201, "{body}");
    let id = json(&body)["id"].as_i64().unwrap();
    // PostgreSQL stores no NUL: a 422 before the database, not a 500 from it.
    let (status, body) = call(
        "PATCH",
        &format!("/api/v1/pets/{id}"),
        r#"{"name": "a\u0000"}"#,
    );
    assert_eq!(status, 422, "{body}");
    let (status, body) = call("GET", "/api/v1/pets?skip=0&limit=5", "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["count"], 1, "{body}");
    // A tree on PostgreSQL: a child under its parent, found by the filter, and at the
    // top once its parent is gone (set_null).
    let (status, body) = call("POST", "/api/v1/categories", r#"{"name": "Toys"}"#);
    assert_eq!(status, 201, "{body}");
    let top = json(&body)["id"].as_i64().unwrap();
    let child = format!(r#"{{"name": "Balls", "parent_id": {top}}}"#);
    let (status, body) = call("POST", "/api/v1/categories", &child);
    assert_eq!(status, 201, "{body}");
    let child_id = json(&body)["id"].as_i64().unwrap();
    let (status, body) = call("GET", &format!("/api/v1/categories?parent_id={top}"), "");
    assert_eq!(
        (status, json(&body)["count"].clone()),
        (200, 1.into()),
        "{body}"
    );
    let unknown = format!(r#"{{"parent_id": {}}}"#, top + 1000);
    let (status, body) = call("PATCH", &format!("/api/v1/categories/{child_id}"), &unknown);
    assert_eq!(status, 422, "{body}");
    let (status, body) = call("DELETE", &format!("/api/v1/categories/{top}"), "");
    assert_eq!(status, 204, "{body}");
    let (status, body) = call("GET", &format!("/api/v1/categories/{child_id}"), "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["parent_id"], serde_json::Value::Null, "{body}");
    // Nested under the pet (SPEC §13): served there, and nowhere else.
    let shot = r#"{"vaccine": "Rabies", "given_at": "2026-11-30T10:00:00Z"}"#;
    let (status, body) = call("POST", &format!("/api/v1/pets/{id}/vaccinations"), shot);
    assert_eq!(status, 201, "{body}");
    let shot_id = json(&body)["id"].as_i64().unwrap();
    assert_eq!(json(&body)["pet_id"], id, "{body}");
    let other = id + 1000;
    for (method, path) in [
        (
            "GET",
            format!("/api/v1/pets/{other}/vaccinations/{shot_id}"),
        ),
        (
            "DELETE",
            format!("/api/v1/pets/{other}/vaccinations/{shot_id}"),
        ),
        ("GET", format!("/api/v1/pets/{other}/vaccinations")),
        ("POST", format!("/api/v1/pets/{other}/vaccinations")),
    ] {
        let (status, body) = call(method, &path, shot);
        assert_eq!(status, 404, "{method} {path}: {body}");
    }
    // A pet's vaccinations go with it (cascade).
    let (status, body) = call("DELETE", &format!("/api/v1/pets/{id}"), "");
    assert_eq!(status, 204, "{body}");
    let (status, body) = call("GET", &format!("/api/v1/pets/{id}/vaccinations"), "");
    assert_eq!(status, 404, "{body}");
    let work = tmp.path().join("st");
    std::fs::create_dir(&work).unwrap();
    let (ok, out) = schemathesis(port, &work);
    drop(server);
    assert!(ok, "schemathesis found failures on PostgreSQL:\n{out}");
    // The revisions ran at start (`serve`). The fuzzed rows may hold what an earlier
    // revision forbade (two pets with one chip: the downgrade's unique constraint would
    // refuse them), so the round trip starts again from an empty database.
    empty_database(&pg.url());
    assert_migrations_round_trip(
        &project,
        &pg.url(),
        &[
            "appointment",
            "category",
            "note",
            "owner",
            "pet",
            "task",
            "user",
            "vaccination",
        ],
    );
}
