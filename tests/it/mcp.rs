//! `petsage-build mcp` driven by a real MCP client: the official Python SDK (`mcp`, in
//! the venv `scripts/pycheck --setup` keeps) over stdio, through `mcp_client.py`. Each
//! session is a fresh server process on the same project, so the tree can be checked
//! between them.

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{project, repo_file, run_in, snapshot};

/// One client session: the server started in `dir` with `server_args`, the `calls` made
/// in order; the client's report (tools, results).
fn session(dir: &Path, server_args: &[&str], calls: Value) -> Value {
    let python = crate::e2e::venv_python();
    let bin = assert_cmd::cargo::cargo_bin("petsage-build");
    let out = assert_cmd::Command::new(python)
        .arg(repo_file("tests/it/mcp_client.py"))
        .arg(bin)
        .arg(dir)
        .args(server_args)
        .write_stdin(calls.to_string())
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run the MCP client");
    assert!(
        out.status.success(),
        "MCP client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the client prints JSON")
}

fn tool_names(report: &Value) -> Vec<&str> {
    report["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect()
}

fn result(report: &Value, i: usize) -> &Value {
    &report["results"][i]
}

/// The result was a success; its structured content.
fn ok(report: &Value, i: usize) -> &Value {
    let r = result(report, i);
    assert_eq!(r["is_error"], false, "call {i} failed: {}", r["text"]);
    &r["data"]
}

/// The result was a tool error; its text.
fn tool_error(report: &Value, i: usize) -> &str {
    let r = result(report, i);
    assert_eq!(r["is_error"], true, "call {i} succeeded: {}", r["text"]);
    r["text"].as_str().expect("text")
}

/// What the CLI prints on stderr for `args` in `dir`: one error line, exit 2.
fn cli_error(dir: &Path, args: &[&str]) -> String {
    let r = run_in(dir, args, b"");
    r.assert_invalid("");
    r.stderr.trim_end().to_string()
}

fn cli_json(dir: &Path, args: &[&str]) -> Value {
    let r = run_in(dir, args, b"");
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {}", r.stdout))
}

#[test]
fn mcp_python_client_plans_adds_checks_removes_and_decodes() {
    let dir = project();
    let root = dir.path();
    let initial = snapshot(root);
    let payload = std::fs::read_to_string(repo_file("examples/smoke_test.b64")).expect("b64");
    let payload = payload.trim();

    // 1. List the tools, describe, plan: nothing is written.
    let report = session(
        root,
        &[],
        json!([
            {"tool": "describe_project", "arguments": {}},
            {"tool": "plan_feature", "arguments": {"name": "smoke_test"}},
            {"tool": "decode_request", "arguments": {"payload": payload}},
        ]),
    );
    assert_eq!(report["server"], "petsage-build");
    assert_eq!(
        tool_names(&report),
        [
            "describe_project",
            "decode_request",
            "plan_feature",
            "add_feature",
            "remove_feature",
            "check"
        ]
    );
    // The `request` argument's schema is the request schema (its committed copy).
    let request_schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("schemas/request.schema.json")).expect("schema"),
    )
    .expect("schema JSON");
    for tool in &report["tools"].as_array().expect("tools")[2..4] {
        let schema = &tool["input_schema"];
        assert_eq!(
            schema["properties"]["request"]["properties"], request_schema["properties"],
            "{}",
            tool["name"]
        );
        assert_eq!(schema["$defs"]["field"], request_schema["$defs"]["field"]);
        assert_eq!(schema["additionalProperties"], false);
        for arg in ["request", "payload", "name", "description", "conflicts"] {
            assert!(schema["properties"][arg].is_object(), "{arg}");
        }
        assert!(
            !schema["properties"]
                .as_object()
                .expect("p")
                .contains_key("root")
        );
    }
    let described = ok(&report, 0);
    assert_eq!(described["layout"]["router_var"], "api_v1_router");
    assert_eq!(described["features"], json!([]));
    let plan = ok(&report, 1);
    assert_eq!(plan["applied"], false);
    assert_eq!(plan["ok"], true);
    assert!(
        plan["changes"].as_array().expect("changes").contains(
            &json!({"path": "petsage/api/v1/endpoints/smoke_test.py", "action": "create"})
        )
    );
    let text = result(&report, 1)["text"].as_str().expect("text");
    assert!(text.contains("dry run, nothing written"), "{text}");
    assert!(text.contains("+++ b/petsage/api/v1/api.py"), "{text}");
    assert_eq!(snapshot(root), initial, "plan_feature wrote to the tree");
    // decode_request gives what `decode --format json` prints.
    assert_eq!(
        *ok(&report, 2),
        cli_json(root, &["decode", payload, "--format", "json"])
    );

    // 2. Add smoke_test; a keyword name and a bad method are tool errors with the CLI's
    // line; check is clean.
    let bad = json!({
        "feature": "pet_visits",
        "description": "Visits",
        "endpoint": {"method": "FETCH"},
    });
    let report = session(
        root,
        &[],
        json!([
            {"tool": "add_feature", "arguments": {"name": "smoke_test"}},
            {"tool": "add_feature", "arguments": {"name": "class"}},
            {"tool": "plan_feature", "arguments": {"request": bad}},
            {"tool": "check", "arguments": {}},
            {"tool": "describe_project"},
        ]),
    );
    let added = ok(&report, 0);
    assert_eq!(added["applied"], true);
    assert_eq!(added["feature"], "smoke_test");
    assert!(
        root.join("petsage/api/v1/endpoints/smoke_test.py")
            .is_file()
    );
    assert!(root.join(".petsage-build/smoke_test.yaml").is_file());
    let added_tree = snapshot(root);
    assert_eq!(
        tool_error(&report, 1),
        cli_error(root, &["feature", "class"]),
        "a keyword name"
    );
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), bad.to_string()).expect("write request");
    let line = tool_error(&report, 2);
    assert_eq!(
        line,
        cli_error(
            root,
            &[
                "feature",
                "--dry-run",
                "--request",
                &file.path().to_string_lossy()
            ]
        ),
        "a bad method"
    );
    assert!(line.contains("endpoint.method 'FETCH'"), "{line}");
    let checked = ok(&report, 3);
    assert_eq!(checked["ok"], true);
    assert_eq!(checked["features"], 1);
    assert_eq!(*checked, cli_json(root, &["check", "--format", "json"]));
    let described = ok(&report, 4);
    assert_eq!(described["features"][0]["name"], "smoke_test");
    assert_eq!(described["features"][0]["complete"], true);
    assert_eq!(snapshot(root), added_tree, "the errors wrote to the tree");

    // 3. Remove it: the tree is as `init` left it, byte for byte.
    let report = session(
        root,
        &[],
        json!([
            {"tool": "remove_feature", "arguments": {"name": "smoke_test"}},
            {"tool": "check", "arguments": {}},
        ]),
    );
    assert_eq!(ok(&report, 0)["applied"], true);
    assert_eq!(ok(&report, 1)["features"], 0);
    assert_eq!(
        snapshot(root),
        initial,
        "remove_feature left something behind"
    );
}

#[test]
fn mcp_read_only_lists_and_runs_only_tools_that_write_nothing() {
    let dir = project();
    let root = dir.path();
    let initial = snapshot(root);
    // A request given as a JSON object and as a payload: the README's example.
    let yaml = std::fs::read_to_string(repo_file("examples/pet_profile.yaml")).expect("yaml");
    let request: Value = serde_yaml::from_str(&yaml).expect("request YAML");
    let report = session(
        root,
        &["--read-only"],
        json!([
            {"tool": "add_feature", "arguments": {"name": "smoke_test"}},
            {"tool": "remove_feature", "arguments": {"name": "smoke_test"}},
            {"tool": "plan_feature", "arguments": {"name": "smoke_test"}},
            {"tool": "check", "arguments": {}},
            {"tool": "plan_feature", "arguments": {"request": request}},
            {"tool": "plan_feature", "arguments": {"payload": crate::common::b64(yaml.as_bytes())}},
        ]),
    );
    assert_eq!(
        tool_names(&report),
        [
            "describe_project",
            "decode_request",
            "plan_feature",
            "check"
        ]
    );
    assert!(
        report["tools"]
            .as_array()
            .expect("tools")
            .iter()
            .all(|t| t["read_only"] == true)
    );
    assert_eq!(
        tool_error(&report, 0),
        "error: add_feature writes to the project, and this server is read-only (--read-only)"
    );
    assert!(tool_error(&report, 1).starts_with("error: remove_feature writes"));
    ok(&report, 2);
    ok(&report, 3);
    let endpoint = json!({"path": "petsage/api/v1/endpoints/pet_profile.py", "action": "create"});
    for i in [4, 5] {
        let plan = ok(&report, i);
        assert_eq!(plan["feature"], "pet_profile");
        assert!(
            plan["changes"]
                .as_array()
                .expect("changes")
                .contains(&endpoint)
        );
    }
    assert_eq!(ok(&report, 4)["diffs"], ok(&report, 5)["diffs"]);
    assert_eq!(snapshot(root), initial);
}

#[test]
fn mcp_arguments_cannot_name_a_root_or_a_path() {
    let dir = project();
    let root = dir.path();
    let initial = snapshot(root);
    let report = session(
        root,
        &[],
        json!([
            {"tool": "add_feature", "arguments": {"name": "smoke_test", "root": "/tmp"}},
            {"tool": "add_feature", "arguments": {"name": "../outside"}},
            {"tool": "add_feature", "arguments": {"payload": "-"}},
            {"tool": "remove_feature", "arguments": {"name": "../../etc"}},
        ]),
    );
    assert!(
        tool_error(&report, 0)
            .starts_with("error: invalid arguments to add_feature: unknown field `root`"),
        "{}",
        tool_error(&report, 0)
    );
    assert_eq!(
        tool_error(&report, 1),
        cli_error(root, &["feature", "../outside"])
    );
    assert!(tool_error(&report, 2).contains("standard input"));
    assert_eq!(
        tool_error(&report, 3),
        cli_error(root, &["remove", "../../etc"])
    );
    assert_eq!(snapshot(root), initial);
}

#[test]
fn mcp_outside_a_project_is_one_line_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    run_in(dir.path(), &["mcp"], b"").assert_invalid("no pyproject.toml");
}

#[test]
fn mcp_adds_a_data_model_in_one_call_all_or_none() {
    let yaml = |name: &str| -> Value {
        let text = std::fs::read_to_string(repo_file("examples").join(name)).expect("example");
        serde_yaml::from_str(&text).expect("YAML")
    };
    let (pets, vaccinations) = (yaml("pets.yaml"), yaml("vaccinations.yaml"));
    let mut unknown = yaml("appointments.yaml");
    unknown["feature"] = json!("visits");
    let dir = project();
    let root = dir.path();
    let initial = snapshot(root);
    let report = session(
        root,
        &[],
        json!([
            // The second refers to owners, which neither the project nor the call has.
            {"tool": "add_feature", "arguments": {"requests": [pets, unknown]}},
            {"tool": "plan_feature", "arguments": {"requests": [pets, pets]}},
            {"tool": "add_feature", "arguments": {"requests": [vaccinations, pets]}},
            {"tool": "check", "arguments": {}},
        ]),
    );
    assert_eq!(
        tool_error(&report, 1),
        "error: the feature 'pets' is requested twice (request 1 and request 2)"
    );
    assert!(tool_error(&report, 0).contains("references 'owners'"));
    let added = ok(&report, 2);
    assert_eq!(added["applied"], true);
    assert_eq!(added["feature"], "pets, vaccinations");
    assert_eq!(ok(&report, 3)["features"], 2);
    assert!(root.join("petsage/models/vaccinations.py").is_file());
    // The requests' schema is the request schema, item by item.
    let tools = report["tools"].as_array().expect("tools");
    let schema = &tools[3]["input_schema"]["properties"];
    assert_eq!(schema["requests"]["type"], "array");
    assert_eq!(
        schema["requests"]["items"]["properties"],
        schema["request"]["properties"]
    );
    assert_ne!(snapshot(root), initial);
}
