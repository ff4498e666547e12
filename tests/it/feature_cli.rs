//! `init` and `feature` through the binary: what is written, idempotence, conflicts,
//! dry runs, all-or-nothing on faults, containment and concurrent runs.

use crate::common;

use std::fs;
use std::path::Path;

use common::{dirs, files, project, run, run_env, run_in, snapshot, transcripts};

const AGGREGATOR: &str = "petsage/api/v1/api.py";

#[test]
fn feature_writes_five_files_and_wires_them() {
    let p = project();
    let r = run_in(p.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in [
        "petsage/api/v1/schemas/smoke_test.py",
        "petsage/services/smoke_test_service.py",
        "petsage/api/v1/endpoints/smoke_test.py",
        "petsage/tests/test_api/test_v1/test_smoke_test.py",
        "petsage/feature_docs/smoke_test.md",
    ] {
        assert!(p.path().join(f).is_file(), "{f} missing");
    }
    insta::assert_snapshot!(r.transcript() + &files(p.path(), &[AGGREGATOR]));
}

#[test]
fn second_run_changes_nothing() {
    let p = project();
    assert_eq!(run_in(p.path(), &["feature", "SmokeTest"], b"").code, 0);
    let before = snapshot(p.path());
    let r = run_in(p.path(), &["feature", "smoke_test"], b"");
    insta::assert_snapshot!(r.transcript());
    assert_eq!(snapshot(p.path()), before);
}

/// `--root` at a directory that is not a project (no pyproject.toml) is refused by every
/// command that works on a project, with one line naming `init`; nothing is written.
#[test]
fn root_without_pyproject_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("notes")).unwrap();
    fs::write(tmp.path().join("notes/todo.txt"), "buy kibble\n").unwrap();
    let before = snapshot(tmp.path());
    let want = "notes has no pyproject.toml; run `petsage-build init notes` first, or point \
                --root at your project";
    for args in [
        &["--root", "notes", "feature", "smoke_test"][..],
        &["--root", "notes", "feature", "smoke_test", "--dry-run"],
        &["--root", "notes", "remove", "smoke_test"],
        &["--root", "notes", "check"],
        &["--root", "notes", "list"],
        &["--root", "notes", "detect"],
        &["--root", "notes", "detect", "--write"],
    ] {
        run_in(tmp.path(), args, b"").assert_invalid(want);
    }
    assert_eq!(snapshot(tmp.path()), before);
    // `init` is what makes it a project; after it, `feature` works there.
    let r = run_in(tmp.path(), &["--root", "notes", "init"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(
        tmp.path(),
        &["--root", "notes", "feature", "smoke_test"],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn runs_from_a_subdirectory_and_with_root() {
    let p = project();
    let sub = p.path().join("petsage/services");
    assert_eq!(run_in(&sub, &["feature", "adopt_pet"], b"").code, 0);
    assert!(
        p.path()
            .join("petsage/services/adopt_pet_service.py")
            .is_file()
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let r = run_in(
        elsewhere.path(),
        &["--root", p.path().to_str().unwrap(), "feature", "feed_pet"],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        p.path()
            .join("petsage/api/v1/endpoints/feed_pet.py")
            .is_file()
    );
}

#[test]
fn bad_input_changes_nothing() {
    let p = project();
    let before = snapshot(p.path());
    run_in(p.path(), &["feature", "class"], b"").assert_invalid("Python keyword");
    run_in(p.path(), &["feature"], b"").assert_invalid("give a feature name");
    let payload = fs::read_to_string(common::repo_file("examples/smoke_test.b64")).unwrap();
    run_in(
        p.path(),
        &["feature", "other", "--payload", payload.trim()],
        b"",
    )
    .assert_invalid("the name 'other' disagrees with the request's feature 'smoke_test'");
    run(&["feature", "smoke_test"], b"").assert_invalid("no pyproject.toml");
    fs::write(
        p.path().join(AGGREGATOR),
        "<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> b\n",
    )
    .unwrap();
    let before_agg = snapshot(p.path());
    run_in(p.path(), &["feature", "smoke_test"], b"").assert_invalid("line 1");
    assert_eq!(snapshot(p.path()), before_agg);
    assert_ne!(before, before_agg);
}

#[test]
fn conflicts_stop_the_run_unless_forced_or_skipped() {
    let p = project();
    let schema = p.path().join("petsage/api/v1/schemas/smoke_test.py");
    let test = p
        .path()
        .join("petsage/tests/test_api/test_v1/test_smoke_test.py");
    fs::create_dir_all(schema.parent().unwrap()).unwrap();
    fs::create_dir_all(test.parent().unwrap()).unwrap();
    fs::write(&schema, "# mine\n").unwrap();
    fs::write(&test, "# mine too\n").unwrap();
    let before = snapshot(p.path());
    let refused = run_in(p.path(), &["feature", "smoke_test"], b"");
    assert_eq!(snapshot(p.path()), before);

    let skipped = run_in(p.path(), &["feature", "smoke_test", "--skip-existing"], b"");
    assert_eq!(fs::read_to_string(&schema).unwrap(), "# mine\n");
    let wired = files(p.path(), &[AGGREGATOR]);

    let forced = run_in(p.path(), &["feature", "smoke_test", "--force"], b"");
    insta::assert_snapshot!(
        transcripts(&[&refused, &skipped]) + &wired + "\n" + &forced.transcript()
    );
    assert!(
        fs::read_to_string(&schema)
            .unwrap()
            .contains("class SmokeTestResponse")
    );
}

#[test]
fn dry_run_writes_nothing_and_shows_diffs() {
    let p = project();
    let before = snapshot(p.path());
    let dirs_before = dirs(p.path());
    let r = run_in(p.path(), &["feature", "smoke_test", "--dry-run"], b"");
    assert_eq!(snapshot(p.path()), before);
    assert_eq!(dirs(p.path()), dirs_before);
    insta::assert_snapshot!(r.transcript());
    // --show-new adds the new files' text; the snapshot above shows it is left out.
    let r = run_in(
        p.path(),
        &["feature", "smoke_test", "--dry-run", "--show-new"],
        b"",
    );
    assert!(
        r.stdout.contains("+class SmokeTestResponse"),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(p.path()), before);
}

#[test]
fn a_failed_rename_part_way_restores_the_tree() {
    let p = project();
    assert_eq!(run_in(p.path(), &["feature", "smoke_test"], b"").code, 0);
    let before = snapshot(p.path());
    let dirs_before = dirs(p.path());
    // The 6th rename is the aggregator patch, after five new files were moved in place.
    for n in ["1", "3", "6", "7"] {
        let r = run_env(
            p.path(),
            &["feature", "adopt_pet"],
            b"",
            &[("PETSAGE_BUILD_FAULT", &format!("rename:{n}"))],
        );
        assert_eq!(r.code, 1, "rename {n}: {}", r.stderr);
        assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
        assert_eq!(snapshot(p.path()), before, "rename {n}");
        assert_eq!(dirs(p.path()), dirs_before, "rename {n}");
    }
}

#[test]
fn a_directory_that_cannot_be_created_restores_the_tree() {
    let p = tempfile::tempdir().unwrap();
    fs::write(p.path().join("pyproject.toml"), "[project]\nname = \"x\"\n").unwrap();
    fs::create_dir_all(p.path().join("petsage/api/v1")).unwrap();
    // A file stands where the services package must go.
    fs::write(p.path().join("petsage/services"), "not a directory\n").unwrap();
    let before = snapshot(p.path());
    let dirs_before = dirs(p.path());
    let r = run_in(p.path(), &["feature", "smoke_test"], b"");
    insta::assert_snapshot!(r.transcript());
    assert_eq!(snapshot(p.path()), before);
    assert_eq!(dirs(p.path()), dirs_before);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_refused() {
    let p = project();
    let outside = tempfile::tempdir().unwrap();
    fs::create_dir_all(p.path().join("petsage/api/v1")).unwrap();
    std::os::unix::fs::symlink(outside.path(), p.path().join("petsage/feature_docs")).unwrap();
    let before = snapshot(p.path());
    run_in(p.path(), &["feature", "smoke_test"], b"").assert_refused("is a symbolic link");
    assert_eq!(snapshot(p.path()), before);
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn missing_aggregator_and_main_are_created() {
    let p = tempfile::tempdir().unwrap();
    let pyproject = "[project]\nname = \"x\"\ndependencies = [\"fastapi\"]\n";
    fs::write(p.path().join("pyproject.toml"), pyproject).unwrap();
    let r = run_in(p.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let agg = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
    assert!(
        agg.contains("api_v1_router.include_router(smoke_test.router)"),
        "{agg}"
    );
    let main = fs::read_to_string(p.path().join("petsage/main.py")).unwrap();
    assert!(
        main.contains("app.include_router(api_v1_router, prefix=\"/api/v1\")"),
        "{main}"
    );
    for d in [
        "petsage",
        "petsage/api",
        "petsage/api/v1/endpoints",
        "petsage/tests/test_api/test_v1",
    ] {
        assert!(p.path().join(d).join("__init__.py").is_file(), "{d}");
    }
}

#[test]
fn concurrent_runs_are_serialised() {
    let p = project();
    for round in 0..3 {
        let names: Vec<String> = (0..8).map(|i| format!("pet_{round}_{i}")).collect();
        let handles: Vec<_> = names
            .iter()
            .map(|n| {
                let dir = p.path().to_path_buf();
                let n = n.clone();
                std::thread::spawn(move || run_in(&dir, &["feature", &n], b""))
            })
            .collect();
        for h in handles {
            let r = h.join().unwrap();
            assert_eq!(r.code, 0, "{}", r.stderr);
        }
        let agg = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
        assert!(
            petsage_build::python::check_syntax(&agg).is_ok(),
            "round {round}: the aggregator does not parse:\n{agg}"
        );
        for n in &names {
            assert_eq!(
                agg.matches(&format!("include_router({n}.router)")).count(),
                1,
                "{agg}"
            );
            assert_eq!(
                agg.matches(&format!(" {n},")).count() + agg.matches(&format!(" {n}\n")).count(),
                1,
                "{agg}"
            );
        }
    }
    let r = run_in(p.path(), &["check"], b"");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.ends_with("24 features, no findings\n"),
        "{}",
        r.stdout
    );
    assert!(
        !walkdir::WalkDir::new(p.path())
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp")),
        "temp files left behind"
    );
}

#[test]
fn init_again_changes_nothing_and_a_foreign_project_is_refused() {
    let p = project();
    let r = run_in(p.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(p.path());
    let r = run_in(p.path(), &["init"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        snapshot(p.path()),
        before,
        "init rewrote a patched aggregator"
    );

    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"theirs\"\n",
    )
    .unwrap();
    let before = snapshot(dir.path());
    let r = run_in(dir.path(), &["init"], b"");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("already holds a project"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_eq!(snapshot(dir.path()), before);
    // --skip-existing keeps their pyproject.toml and adds the rest.
    let r = run_in(dir.path(), &["init", "--skip-existing"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("pyproject.toml")).unwrap(),
        "[project]\nname = \"theirs\"\n"
    );
    assert!(dir.path().join("petsage/main.py").is_file());
}

#[test]
fn two_features_on_one_route_are_refused() {
    let p = project();
    let request = |name: &str, endpoint: &str| {
        let file = p.path().join(format!("{name}.yaml"));
        fs::write(
            &file,
            format!("feature: {name}\ndescription: x\nendpoint:\n{endpoint}"),
        )
        .unwrap();
        file.to_str().unwrap().to_string()
    };
    let first = request("pets", "  method: post\n  path: /pets\n");
    let r = run_in(p.path(), &["feature", "--request", &first], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(p.path());
    // Same method and path, spelled differently; or the default path of another name.
    for (name, endpoint) in [
        ("animals", "  method: POST\n  path: /pets\n"),
        ("create_pets", "  method: Post\n  path: /pets\n"),
    ] {
        let file = request(name, endpoint);
        let before = snapshot(p.path());
        run_in(p.path(), &["feature", "--request", &file], b"")
            .assert_invalid("which feature 'pets' already serves");
        assert_eq!(snapshot(p.path()), before);
    }
    let r = run_in(p.path(), &["feature", "my_pets"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let clash = request("other", "  path: /my-pets\n");
    run_in(p.path(), &["feature", "--request", &clash], b"")
        .assert_invalid("GET /my-pets, which feature 'my_pets' already serves");
    // Another method on the same path is another route; regenerating is no clash.
    let get = request("list_pets", "  method: GET\n  path: /pets\n");
    let r = run_in(p.path(), &["feature", "--request", &get], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(p.path(), &["feature", "--request", &first], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(before.len() < snapshot(p.path()).len());
}

/// A resource serves its routes (here POST and GET on the collection, GET, PATCH, PUT and
/// DELETE on an item): an endpoint on any of them is refused, in either order, whatever its
/// path parameter is called; nothing is written.
#[test]
fn a_resource_and_an_endpoint_on_one_route_are_refused() {
    let pets = common::repo_file("examples/pets.yaml");
    let pets = pets.to_str().unwrap();
    let endpoint = |p: &std::path::Path, name: &str, method: &str, path: &str| {
        let file = p.join(format!("{name}.yaml"));
        let params = if path.contains("{id}") {
            "  params: [{name: id, in: path, type: int, example: 1}]\n"
        } else {
            ""
        };
        fs::write(
            &file,
            format!(
                "feature: {name}\ndescription: x\nendpoint:\n  method: {method}\n  \
                 path: '{path}'\n{params}"
            ),
        )
        .unwrap();
        file.to_str().unwrap().to_string()
    };
    // The resource first, then endpoints on each of its routes.
    let p = project();
    let r = run_in(p.path(), &["feature", "--request", pets], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (method, path) in [
        ("GET", "/pets/{id}"),
        ("PATCH", "/pets/{id}"),
        ("PUT", "/pets/{id}"),
        ("DELETE", "/pets/{id}"),
        ("POST", "/pets"),
        ("GET", "/pets"),
    ] {
        let file = endpoint(p.path(), "pet_detail", method, path);
        let before = snapshot(p.path());
        run_in(p.path(), &["feature", "--request", &file], b"").assert_invalid(&format!(
            "feature 'pet_detail' would serve {method} {path}, which feature 'pets' already \
             serves"
        ));
        assert_eq!(snapshot(p.path()), before, "{method} {path}");
    }
    // Other methods on the item, or a deeper path, are other routes.
    for (name, method, path) in [
        ("adopt_pet", "POST", "/pets/{id}"),
        ("pet_photos", "GET", "/pets/{id}/photos"),
    ] {
        let file = endpoint(p.path(), name, method, path);
        let r = run_in(p.path(), &["feature", "--request", &file], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
    // The endpoint first: the resource is refused, naming the endpoint's feature.
    let p = project();
    let file = endpoint(p.path(), "pet_detail", "GET", "/pets/{id}");
    let r = run_in(p.path(), &["feature", "--request", &file], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(p.path());
    run_in(p.path(), &["feature", "--request", pets], b"").assert_invalid(
        "feature 'pets' would serve GET /pets/{pet_id}, which feature 'pet_detail' already \
         serves",
    );
    assert_eq!(snapshot(p.path()), before);
    // A resource without the read operation does not claim GET /pets/{pet_id}.
    let partial = p.path().join("pets.yaml");
    fs::write(
        &partial,
        fs::read_to_string(pets).unwrap().replace(
            "[create, list, read, update, replace, delete]",
            "[create, list, delete]",
        ),
    )
    .unwrap();
    let r = run_in(
        p.path(),
        &["feature", "--request", partial.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// An invalid request is refused before anything is read or written.
#[test]
fn an_invalid_request_writes_nothing() {
    let p = project();
    let requests = tempfile::tempdir().unwrap();
    let before = snapshot(p.path());
    for (name, yaml) in [
        ("a", "endpoint: {path: '/a/{a_id}'}"),
        (
            "b",
            "kind: resource\nmodel: {fields: [{name: price, type: decimal, example: '1'}]}",
        ),
        (
            "c",
            "endpoint: {method: GET}\nrequest: {fields: [{name: a, type: int, example: 1}]}",
        ),
    ] {
        let file = requests.path().join(format!("{name}.yaml"));
        fs::write(&file, format!("feature: {name}\ndescription: x\n{yaml}\n")).unwrap();
        let r = run_in(
            p.path(),
            &["feature", "--request", file.to_str().unwrap()],
            b"",
        );
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{name}: {}", r.stderr);
        assert_eq!(snapshot(p.path()), before, "{name}");
    }
}

/// `wire_main = false` leaves a main that mounts nothing alone; `api_prefix = ""` mounts
/// the aggregator at the root when main is wired.
#[test]
fn main_wiring_follows_wire_main_and_api_prefix() {
    for (config, want) in [
        ("wire_main = false", "from fastapi import FastAPI\n\napp = FastAPI()\n".to_string()),
        (
            "api_prefix = \"\"",
            "from fastapi import FastAPI\n\nfrom petsage.api.v1.api import api_v1_router\n\napp = FastAPI()\napp.include_router(api_v1_router)\n".to_string(),
        ),
        (
            "api_prefix = \"/api\"",
            "from fastapi import FastAPI\n\nfrom petsage.api.v1.api import api_v1_router\n\napp = FastAPI()\napp.include_router(api_v1_router, prefix=\"/api\")\n".to_string(),
        ),
    ] {
        let dir = project();
        let pyproject = dir.path().join("pyproject.toml");
        let text = fs::read_to_string(&pyproject).unwrap();
        fs::write(&pyproject, format!("{text}\n[tool.petsage-build]\n{config}\n")).unwrap();
        let main = dir.path().join("petsage/main.py");
        fs::write(&main, "from fastapi import FastAPI\n\napp = FastAPI()\n").unwrap();
        let r = run_in(dir.path(), &["feature", "smoke_test"], b"");
        assert_eq!(r.code, 0, "{config}: {}", r.stderr);
        assert_eq!(fs::read_to_string(&main).unwrap(), want, "{config}");
    }
}

/// An import root from the packaging config (setuptools' `where`): module paths start
/// below it, and it never becomes a package.
#[test]
fn the_import_root_comes_from_the_packaging_config() {
    for (packaging, key) in [
        ("[tool.setuptools.packages.find]\nwhere = [\"lib\"]\n", ""),
        (
            "[tool.poetry]\npackages = [{ include = \"app\", from = \"lib\" }]\n",
            "",
        ),
        ("", "import_root = \"lib\"\n"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("lib/app/api")).unwrap();
        fs::write(root.join("lib/app/__init__.py"), "").unwrap();
        fs::write(root.join("lib/app/api/__init__.py"), "").unwrap();
        fs::write(
            root.join("lib/app/api/main.py"),
            "from fastapi import APIRouter\n\napi_router = APIRouter()\n",
        )
        .unwrap();
        fs::write(
            root.join("lib/app/main.py"),
            "from fastapi import FastAPI\n\nfrom app.api.main import api_router\n\napp = FastAPI()\napp.include_router(api_router)\n",
        )
        .unwrap();
        fs::write(
            root.join("pyproject.toml"),
            format!(
                "[project]\nname = \"x\"\n\n{packaging}\n[tool.petsage-build]\n{key}package = \"app\"\naggregator = \"lib/app/api/main.py\"\nrouter_var = \"api_router\"\nmain = \"lib/app/main.py\"\nendpoints_dir = \"lib/app/api/routes\"\nschemas_dir = \"lib/app/schemas\"\nservices_dir = \"lib/app/services\"\ntests_dir = \"tests\"\ndocs_dir = \"docs\"\n"
            ),
        )
        .unwrap();
        let main_before = fs::read(root.join("lib/app/main.py")).unwrap();
        let r = run_in(root, &["feature", "pet"], b"");
        assert_eq!(r.code, 0, "{packaging}{key}: {}", r.stderr);
        let agg = fs::read_to_string(root.join("lib/app/api/main.py")).unwrap();
        assert!(agg.contains("from app.api.routes import pet\n"), "{agg}");
        let endpoint = fs::read_to_string(root.join("lib/app/api/routes/pet.py")).unwrap();
        assert!(
            endpoint.contains("from app.schemas.pet import"),
            "{endpoint}"
        );
        assert!(!root.join("lib/__init__.py").exists());
        assert_eq!(fs::read(root.join("lib/app/main.py")).unwrap(), main_before);
    }
}

/// SPEC §11b: a router collection the tool does not know (a list of mappings the app
/// iterates) is refused with one line naming the shape and how to wire it by hand, exit
/// 1, nothing written; `--no-wire` writes the feature's own files and leaves the
/// aggregator and main as they were.
#[test]
fn unknown_router_shape_is_refused_unless_no_wire() {
    let p = project();
    assert_eq!(run_in(p.path(), &["feature", "alpha"], b"").code, 0);
    let agg = p.path().join(AGGREGATOR);
    fs::write(
        &agg,
        "from petsage.api.v1.endpoints import alpha\n\n\
         ROUTES = [{\"router\": alpha.router, \"prefix\": \"/alpha\"}]\n",
    )
    .unwrap();
    let pyproject = p.path().join("pyproject.toml");
    let text = fs::read_to_string(&pyproject).unwrap();
    fs::write(
        &pyproject,
        format!("{text}\n[tool.petsage-build]\nrouter_var = \"ROUTES\"\nwire_main = false\n"),
    )
    .unwrap();
    let before = snapshot(p.path());
    let refused = run_in(p.path(), &["feature", "beta"], b"");
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert_eq!(snapshot(p.path()), before);
    let r = run_in(p.path(), &["feature", "beta", "--no-wire"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = snapshot(p.path());
    let touched: Vec<_> = after
        .iter()
        .filter(|(path, bytes)| !before.contains(&(path.clone(), bytes.clone())))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(touched.iter().all(|t| t.contains("beta")), "{touched:?}");
    insta::assert_snapshot!(transcripts(&[&refused, &r]));
}

/// SPEC §11b: a sibling router built with dependencies the new module cannot import the
/// same way (an alias) refuses the run, exit 1, nothing written: the new route would be
/// public beside a protected one. `--no-wire` writes the feature, unserved, with a note.
#[test]
fn sibling_router_dependencies_that_cannot_be_followed_refuse_the_run() {
    let p = project();
    assert_eq!(run_in(p.path(), &["feature", "alpha"], b"").code, 0);
    let alpha = p.path().join("petsage/api/v1/endpoints/alpha.py");
    let text = fs::read_to_string(&alpha).unwrap();
    fs::write(
        &alpha,
        text.replace(
            "from fastapi import APIRouter\n",
            "from fastapi import APIRouter, Depends\n",
        )
        .replace(
            "from petsage.services.",
            "from petsage.deps import verify as check_token\nfrom petsage.services.",
        )
        .replace(
            "\nrouter = APIRouter()\n",
            "\nrouter = APIRouter(dependencies=[Depends(check_token)])\n",
        ),
    )
    .unwrap();
    let before = snapshot(p.path());
    let refused = run_in(p.path(), &["feature", "beta"], b"");
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
    assert_eq!(snapshot(p.path()), before);
    let r = run_in(p.path(), &["feature", "beta", "--no-wire"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("give the new router those dependencies"),
        "{}",
        r.stderr
    );
    insta::assert_snapshot!(transcripts(&[&refused, &r]));
}

/// SPEC §11b, §12: a project's own database code is used as it is. A resource in a
/// project with a `db/` package or a module that makes an engine, and no
/// `session_dependency`, is refused (exit 1, one line naming the key and the session
/// dependency `detect` finds, nothing written) rather than given a second engine.
#[test]
fn resource_in_a_project_with_its_own_database_code() {
    let put = |dir: &Path, rel: &str, text: &str| {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    let get_db = "from collections.abc import Generator\n\nfrom sqlmodel import Session, create_engine\n\nengine = create_engine(\"sqlite://\")\n\n\ndef get_db() -> Generator[Session, None, None]:\n    with Session(engine) as session:\n        yield session\n";
    let pets = common::repo_file("examples/pets.yaml");
    let pets = pets.to_str().unwrap();
    for (files, needles) in [
        (
            &[("app/db/__init__.py", ""), ("app/db/session.py", get_db)][..],
            &[
                "the project has a app/db/ package",
                "session_dependency = \"app.db.session.get_db\"",
            ][..],
        ),
        (
            &[("database.py", get_db)][..],
            &["database.py:5 makes the project's database engine"][..],
        ),
        (
            &[("app/core/database.py", get_db)][..],
            &[
                "app/core/database.py:5 makes the project's database engine",
                "session_dependency = \"app.core.database.get_db\"",
            ][..],
        ),
        (
            &[(
                "app/db.py",
                "from sqlmodel import create_engine\n\nengine = create_engine(\"sqlite://\")\n",
            )][..],
            &["app/db.py is the project's own and has no `get_session`"][..],
        ),
    ] {
        let copy = common::fixture("full_stack");
        let dir = copy.path();
        for (rel, text) in files {
            put(dir, rel, text);
        }
        let before = snapshot(dir);
        let r = run_in(dir, &["feature", "--request", pets], b"");
        assert_eq!(r.code, 1, "{files:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        for n in needles {
            assert!(r.stderr.contains(n), "{n:?} not in {}", r.stderr);
        }
        assert_eq!(snapshot(dir), before, "{files:?}");
    }
}

/// SPEC §11b, §12: with the session dependency named, a resource in a project with
/// Alembic anywhere in the tree (`backend/alembic.ini`) gets one note naming the revision
/// to write; without Alembic, a main whose lifespan calls a project helper that creates
/// the tables gets no "does not create the tables" note, and one that does not gets it.
#[test]
fn resource_notes_follow_alembic_and_the_helpers_main_calls() {
    let put = |dir: &Path, rel: &str, text: &str| {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    let pets = common::repo_file("examples/pets.yaml");
    let pets = pets.to_str().unwrap();
    let setup = |dir: &Path| {
        let pyproject = fs::read_to_string(dir.join("pyproject.toml")).unwrap();
        put(
            dir,
            "pyproject.toml",
            &format!("{pyproject}session_dependency = \"app.core.db.get_db\"\n"),
        );
        put(
            dir,
            "app/core/db.py",
            "from collections.abc import Generator\n\nfrom sqlmodel import Session, SQLModel, create_engine\n\nengine = create_engine(\"sqlite://\")\n\n\ndef get_db() -> Generator[Session, None, None]:\n    with Session(engine) as session:\n        yield session\n\n\ndef init_db() -> None:\n    SQLModel.metadata.create_all(engine)\n",
        );
    };
    let notes = |r: &common::Run| -> Vec<String> {
        r.stderr
            .lines()
            .filter(|l| l.starts_with("note:"))
            .map(str::to_string)
            .collect()
    };

    let copy = common::fixture("full_stack");
    let dir = copy.path();
    setup(dir);
    put(
        dir,
        "backend/alembic.ini",
        "[alembic]\nscript_location = backend/migrations\n",
    );
    let r = run_in(dir, &["feature", "--request", pets], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let alembic: Vec<String> = notes(&r)
        .into_iter()
        .filter(|n| n.contains("Alembic"))
        .collect();
    assert_eq!(alembic.len(), 1, "{}", r.stderr);
    assert!(alembic[0].contains("backend/alembic.ini"), "{}", alembic[0]);
    assert!(
        alembic[0].contains("`alembic -c backend/alembic.ini revision --autogenerate"),
        "{}",
        alembic[0]
    );

    let copy = common::fixture("full_stack");
    let dir = copy.path();
    setup(dir);
    let r = run_in(dir, &["feature", "--request", pets], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        notes(&r)
            .iter()
            .any(|n| n.contains("does not create the database tables")),
        "{}",
        r.stderr
    );

    let copy = common::fixture("full_stack");
    let dir = copy.path();
    setup(dir);
    let main = fs::read_to_string(dir.join("app/main.py")).unwrap();
    let main = main
        .replace("from app.core.config import settings\n", "from app.core.config import settings\nfrom app.core.db import init_db\n")
        .replace("app = FastAPI(\n", "@asynccontextmanager\nasync def lifespan(app: FastAPI):\n    init_db()\n    yield\n\n\napp = FastAPI(\n    lifespan=lifespan,\n")
        .replace("from fastapi import FastAPI\n", "from contextlib import asynccontextmanager\n\nfrom fastapi import FastAPI\n");
    put(dir, "app/main.py", &main);
    let r = run_in(dir, &["feature", "--request", pets], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !notes(&r).iter().any(|n| n.contains("database tables")),
        "{}",
        r.stderr
    );
}

/// Run in the wrong directory (a library, another tool's checkout), `feature` would write
/// a whole `petsage/` package into it: a project with no FastAPI dependency, no FastAPI
/// app and no `[tool.petsage-build]` is refused, saying how to start, with nothing
/// written. A declared dependency, an app, or the section each lets it through.
#[test]
fn a_project_that_is_not_a_fastapi_backend_is_refused() {
    let library: &[(&str, &str)] = &[
        (
            "pyproject.toml",
            "[project]\nname = \"fetch\"\ndependencies = [\"requests>=2\"]\n",
        ),
        ("fetch/__init__.py", "import requests\n"),
    ];
    let own_checkout: &[(&str, &str)] = &[
        (
            "pyproject.toml",
            &std::fs::read_to_string(common::repo_file("pyproject.toml")).unwrap(),
        ),
        ("Cargo.toml", "[package]\nname = \"petsage-build\"\n"),
    ];
    let named_only: &[(&str, &str)] = &[("pyproject.toml", "[project]\nname = \"x\"\n")];
    // A FastAPI app in a loose directory (no package) is no backend either.
    let loose_app: &[(&str, &str)] = &[
        ("pyproject.toml", "[project]\nname = \"x\"\n"),
        (
            "corpus/wire/main.py",
            "from fastapi import FastAPI\n\napp = FastAPI()\n",
        ),
    ];
    for tree in [library, own_checkout, named_only, loose_app] {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in tree {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let before = snapshot(dir.path());
        let r = run_in(dir.path(), &["feature", "smoke_test"], b"");
        r.assert_invalid("this is not a FastAPI project");
        assert!(r.stderr.contains("petsage-build init DIR"), "{}", r.stderr);
        assert_eq!(snapshot(dir.path()), before, "{tree:?}");
    }

    // This repository as checked out (its fuzz corpus holds `app = FastAPI()`).
    let checkout = common::copy_tree(&common::repo_file("."), &["target", ".git"]);
    let before = snapshot(checkout.path());
    run_in(checkout.path(), &["feature", "smoke_test"], b"")
        .assert_invalid("this is not a FastAPI project");
    assert_eq!(snapshot(checkout.path()), before, "the tool's own checkout");

    let allowed: &[&[(&str, &str)]] = &[
        &[
            ("pyproject.toml", "[project]\nname = \"x\"\n"),
            ("app/__init__.py", ""),
            (
                "app/main.py",
                "from fastapi import FastAPI\n\napp = FastAPI()\n",
            ),
        ],
        &[
            ("pyproject.toml", "[project]\nname = \"x\"\n"),
            ("requirements.txt", "fastapi\n"),
        ],
        &[
            ("pyproject.toml", "[project]\nname = \"x\"\n"),
            (
                "main.py",
                "from fastapi import FastAPI\n\napp = FastAPI()\n",
            ),
        ],
        &[(
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.petsage-build]\n",
        )],
    ];
    for tree in allowed {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in *tree {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let r = run_in(dir.path(), &["feature", "smoke_test", "--dry-run"], b"");
        assert!(
            !r.stderr.contains("not a FastAPI project"),
            "{tree:?}: {}",
            r.stderr
        );
    }
}
