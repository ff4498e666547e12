//! `petsage-build schema request|config`: the committed copies are current, and a JSON
//! Schema validator (Python's `jsonschema`, in the test venv) accepts every request and
//! every `[tool.petsage-build]` table the tool accepts among the examples, fixtures,
//! golden cases and README, and rejects malformed ones.

use std::path::Path;
use std::process::Command;

use crate::common::{repo_file, run_in};
use crate::e2e::venv_python;

const REQUEST: &str = "schemas/request.schema.json";
const CONFIG: &str = "schemas/config.schema.json";

fn assert_committed_is_current(kind: &str, committed: &str) {
    let dir = tempfile::tempdir().unwrap();
    let r = run_in(dir.path(), &["schema", kind], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = repo_file(committed);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, &r.stdout).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        text == r.stdout,
        "{committed} is stale: UPDATE_GOLDEN=1 cargo test --test it schema rewrites it"
    );
}

#[test]
fn the_committed_request_schema_is_current() {
    assert_committed_is_current("request", REQUEST);
}

#[test]
fn the_committed_config_schema_is_current() {
    assert_committed_is_current("config", CONFIG);
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
            // examples/ also holds CI recipes (pre-commit-config.yaml): a request there
            // is one that names the request schema on its first line.
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let request = folder != "examples"
                || text.starts_with(
                    "# yaml-language-server: $schema=../schemas/request.schema.json\n",
                );
            if path.extension().is_some_and(|e| e == "yaml") && request {
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
    validate(REQUEST, &good, &bad);
}

/// Runs the validator on `good` (each must be valid) and `bad` (each must be invalid).
fn validate(schema: &str, good: &[(String, serde_json::Value)], bad: &serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
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
        .args(["-c", script, repo_file(schema).to_str().unwrap()])
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
    for (i, doc) in bad.as_array().unwrap().iter().enumerate() {
        assert!(
            text.contains(&format!("bad {i} invalid\n")),
            "bad {i} ({doc}): {text}"
        );
    }
}

/// A JSON object of strings, numbers and booleans as a `[tool.petsage-build]` section
/// (a JSON string is a TOML basic string).
fn section(table: &serde_json::Value) -> String {
    let mut text = String::from("[tool.petsage-build]\n");
    for (key, value) in table.as_object().unwrap() {
        // JSON's scalars are TOML's; an object (`dependencies`) is an inline table.
        let value = match value.as_object() {
            Some(o) => {
                let items: Vec<String> = o.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", items.join(", "))
            }
            None => value.to_string(),
        };
        text.push_str(&format!("{key} = {value}\n"));
    }
    text
}

/// The `[tool.petsage-build]` tables of TOML text, as JSON documents.
fn tables(text: &str) -> Vec<serde_json::Value> {
    let doc: toml::Table = text.parse().unwrap();
    doc.get("tool")
        .and_then(|t| t.get("petsage-build"))
        .map(|t| serde_json::to_value(t).unwrap())
        .into_iter()
        .collect()
}

#[test]
fn the_config_schema_accepts_good_tables_and_rejects_bad_ones() {
    let mut texts: Vec<(String, String)> = Vec::new();
    for folder in ["tests/fixtures", "tests/fixtures/real"] {
        for entry in std::fs::read_dir(repo_file(folder)).unwrap() {
            let dir = entry.unwrap().path();
            for file in ["pyproject.toml", "detect.txt"] {
                if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
                    texts.push((dir.join(file).display().to_string(), text));
                }
            }
        }
    }
    // The README's TOML examples.
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    for (i, block) in readme.split("```toml\n").skip(1).enumerate() {
        let block = block.split("```").next().unwrap();
        texts.push((format!("README.md toml block {i}"), block.to_string()));
    }
    let mut good = Vec::new();
    for (name, text) in &texts {
        for table in tables(text) {
            // The tool reads it: the schema must too.
            let section = section(&table);
            if let Err(e) = petsage_build::config::Config::parse(&section) {
                panic!("{name}: the tool refuses its own example: {e:#}");
            }
            good.push((name.clone(), table));
        }
    }
    assert!(good.len() >= 10, "too few examples: {}", good.len());
    let bad = serde_json::json!([
        {"pakage": "app"},
        {"package": "class"},
        {"package": "my-app"},
        {"package": 3},
        {"router_var": "None"},
        {"main": "app/main"},
        {"main": "/abs/main.py"},
        {"docs_dir": "../docs"},
        {"docs_dir": "docs/./x"},
        {"endpoints_dir": "app/api-v2/routes"},
        {"endpoint": "app/views.py"},
        {"endpoint": "app/{name}/{name}.py"},
        {"doc": "docs/{name}.py"},
        {"api_prefix": "api"},
        {"api_prefix": "/api/"},
        {"api_prefix": "/api/../x"},
        {"wire_main": "yes"},
        {"session_dependency": "get_db"},
        {"model_base": "app.models.Base-1"},
    ]);
    for doc in bad.as_array().unwrap() {
        assert!(
            petsage_build::config::Config::parse(&section(doc)).is_err(),
            "the tool accepts {doc}, so the schema must not refuse it"
        );
    }
    validate(CONFIG, &good, &bad);
}
