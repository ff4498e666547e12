//! `petsage-build schema request`: the committed copy is current, and a JSON Schema
//! validator (Python's `jsonschema`, in the test venv) accepts every request the tool
//! accepts among the examples, fixtures and golden cases, and rejects malformed ones.

use std::path::Path;
use std::process::Command;

use crate::common::{repo_file, run_in};
use crate::e2e::venv_python;

const COMMITTED: &str = "schemas/request.schema.json";

#[test]
fn the_committed_schema_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["schema", "request"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = repo_file(COMMITTED);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &r.stdout).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == r.stdout,
        "{COMMITTED} is stale: UPDATE_GOLDEN=1 cargo test --test it schema rewrites it"
    );
}

/// Request files as JSON documents (what an editor's YAML support validates).
fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    serde_json::to_value(doc).unwrap()
}

#[test]
fn the_schema_accepts_good_requests_and_rejects_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut good: Vec<(String, serde_json::Value)> = Vec::new();
    for folder in ["examples", "tests/fixtures/requests"] {
        for entry in std::fs::read_dir(repo_file(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                // The tool reads it: the schema must too.
                let r = run_in(dir.path(), &["encode", path.to_str().unwrap()], b"");
                assert_eq!(r.code, 0, "{}: {}", path.display(), r.stderr);
                good.push((path.display().to_string(), as_json(&path)));
            }
        }
    }
    for case in ["every_type", "hostile"] {
        let path = repo_file(&format!("tests/golden/{case}/request.json"));
        good.push((case.to_string(), as_json(&path)));
    }
    let bad = serde_json::json!([
        {"description": "no feature"},
        {"feature": "x", "description": "d", "endpoint": {"methd": "GET"}},
        {"feature": "x", "description": "d", "endpoint": {"status_code": "201"}},
        {"feature": "x", "description": "d", "endpoint": {"method": "FETCH"}},
        {"feature": "x", "description": "d", "response": {"fields": [{"name": "a", "type": "dict"}]}},
        {"feature": "x", "description": "d", "kind": "table"},
        {"feature": "x", "description": "d", "resource": {"operations": ["create", "create"]}},
        {"feature": "x", "description": "d", "resource": {"id": {"type": "str"}}},
        {"feature": "x", "description": "d", "endpoint": {"params": [{"name": "a", "in": "body", "type": "int"}]}},
    ]);
    let good_json: Vec<&serde_json::Value> = good.iter().map(|(_, v)| v).collect();
    std::fs::write(
        dir.path().join("good.json"),
        serde_json::to_string(&good_json).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("bad.json"), bad.to_string()).unwrap();
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
for i, doc in enumerate(json.load(open("good.json"))):
    errors = [e.message for e in v.iter_errors(doc)]
    print("good", i, "valid" if not errors else "invalid: " + "; ".join(errors[:2]))
for i, doc in enumerate(json.load(open("bad.json"))):
    print("bad", i, "invalid" if list(v.iter_errors(doc)) else "valid")
"#;
    let out = Command::new(venv_python())
        .args(["-c", script, repo_file(COMMITTED).to_str().unwrap()])
        .current_dir(dir.path())
        .output()
        .expect("run python");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}{}",
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    for (i, (name, _)) in good.iter().enumerate() {
        assert!(
            text.contains(&format!("good {i} valid\n")),
            "{name}: {text}"
        );
    }
    for i in 0..bad.as_array().unwrap().len() {
        assert!(
            text.contains(&format!("bad {i} invalid\n")),
            "bad {i}: {text}"
        );
    }
}
