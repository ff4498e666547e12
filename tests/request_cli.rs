//! `decode` and `encode` through the binary: the example, and every class of bad input.

mod common;

use common::{b64, repo_file, run};

const SEED_CAPITALISED: &str =
    "Feature: smoke_test\nDescription: Ensure builder functional\nRequirements: none\n";

#[test]
fn decodes_the_example_payload() {
    let payload = std::fs::read_to_string(repo_file("examples/smoke_test.b64")).unwrap();
    let r = run(&["decode", payload.trim()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = "Decoded Request\n\
        Feature: smoke_test\n\
        Description: Ensure builder functional\n\
        Requirements: none\n\
        Endpoint:\n  Method: GET\n  Path: /smoke-test\n  Tags: System Health\n\
        \x20 Summary: Perform a system smoke test\n\
        Response:\n  Model: SmokeTestResponse\n  Fields:\n\
        \x20   - status: str = \"ok\"  (The operational status of the service.)\n\
        \x20   - message: str = \"PetSage Backend Builder is functional!\"  \
        (A confirmation message from the service.)\n";
    assert_eq!(r.stdout, expected);
}

#[test]
fn example_payload_matches_example_file() {
    let r = run(
        &[
            "encode",
            repo_file("examples/smoke_test.yaml").to_str().unwrap(),
        ],
        b"",
    );
    let payload = std::fs::read_to_string(repo_file("examples/smoke_test.b64")).unwrap();
    assert_eq!(r.stdout, payload);
}

#[test]
fn decodes_the_seed_request_with_capitalised_keys() {
    let r = run(&["decode", &b64(SEED_CAPITALISED.as_bytes())], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Decoded Request\nFeature: smoke_test\nDescription: Ensure builder functional\nRequirements: none\n"
    );
}

#[test]
fn payload_spellings_all_decode() {
    let bytes = SEED_CAPITALISED.as_bytes();
    let url = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes);
    let wrapped: String = b64(bytes)
        .as_bytes()
        .chunks(10)
        .map(|c| format!("{}\n  ", String::from_utf8_lossy(c)))
        .collect();
    for payload in [b64(bytes), url, wrapped] {
        let r = run(&["decode", &payload], b"");
        assert_eq!(r.code, 0, "{payload}: {}", r.stderr);
    }
    let r = run(&["decode", "-"], b64(bytes).as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn formats_yaml_and_json_round_trip() {
    let payload = std::fs::read_to_string(repo_file("examples/smoke_test.b64")).unwrap();
    let yaml = run(&["decode", payload.trim(), "--format", "yaml"], b"");
    assert_eq!(
        yaml.stdout,
        std::fs::read_to_string(repo_file("examples/smoke_test.yaml"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!(
                "{}\n",
                l.replace("    - ", "  - ").replace("      ", "    ")
            ))
            .collect::<String>()
    );
    let json = run(&["decode", payload.trim(), "--format", "json"], b"");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["response"]["fields"][1]["example"],
        "PetSage Backend Builder is functional!"
    );
    // JSON is YAML: the printed JSON encodes back to the same payload.
    let again = run(&["encode", "-"], json.stdout.as_bytes());
    assert_eq!(again.stdout.trim(), payload.trim());
}

fn bad(yaml: &str, needle: &str) {
    run(&["decode", &b64(yaml.as_bytes())], b"").assert_invalid(needle);
    run(&["encode", "-"], yaml.as_bytes()).assert_invalid(needle);
}

const OK: &str = "feature: pet\ndescription: Pets.\n";

#[test]
fn invalid_base64() {
    run(&["decode", "Zm9v$YmFy"], b"")
        .assert_invalid("invalid base64: character '$' at position 5");
    run(&["decode", "Zm9vY"], b"").assert_invalid("truncated");
    run(&["decode", ""], b"").assert_invalid("payload is empty");
}

#[test]
fn not_utf8() {
    run(&["decode", &b64(b"feature: \xc3\x28")], b"")
        .assert_invalid("not valid UTF-8: invalid byte 0xc3 at offset 9");
}

#[test]
fn invalid_yaml() {
    bad(
        "feature: [a,\n  b\ndescription: x",
        "invalid YAML at line 3, column 1",
    );
}

#[test]
fn not_a_mapping() {
    bad(
        "- feature\n- x\n",
        "request must be a YAML mapping, found a list",
    );
    bad("just text", "found a string");
    bad("# nothing but a comment\n", "found null");
}

#[test]
fn missing_keys() {
    bad("description: x\n", "missing required key 'feature'");
    bad("feature: pet\n", "missing required key 'description'");
    bad(
        "feature: pet\ndescription: '  '\n",
        "'description' is empty",
    );
}

#[test]
fn unknown_key() {
    bad(
        &format!("{OK}Requirments: none\n"),
        "unknown key 'Requirments' (allowed: feature, description, requirements, kind, endpoint, request, response, resource, model); did you mean 'requirements'?",
    );
    bad(
        &format!("{OK}endpoint:\n  verb: GET\n"),
        "unknown key 'endpoint.verb'",
    );
    bad(&format!("{OK}FEATURE: x\n"), "unknown key 'FEATURE'");
    bad("feature: a\nFeature: b\ndescription: x\n", "given twice");
}

#[test]
fn bad_names() {
    for (name, why) in [
        ("class", "Python keyword"),
        ("match", "Python keyword"),
        ("__init__", "must not start or end with '_'"),
        ("../x", "contains '.'"),
        ("''", "feature name is empty"),
        ("123", "must be a string"),
    ] {
        bad(&format!("feature: {name}\ndescription: x\n"), why);
    }
}

#[test]
fn bad_method() {
    bad(
        &format!("{OK}endpoint:\n  method: FETCH\n"),
        "endpoint.method 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE",
    );
}

#[test]
fn bad_path() {
    bad(
        &format!("{OK}endpoint:\n  path: pets\n"),
        "must begin with '/'",
    );
    bad(&format!("{OK}endpoint:\n  path: /a b\n"), "contains ' '");
}

#[test]
fn unknown_field_type() {
    bad(
        &format!("{OK}response:\n  fields:\n    - {{name: x, type: dict, example: 1}}\n"),
        "response field 'x': unknown type 'dict'",
    );
}

#[test]
fn example_of_the_wrong_type() {
    bad(
        &format!("{OK}response:\n  fields:\n    - {{name: count, type: int, example: many}}\n"),
        "response field 'count': example must be int, found a string",
    );
    bad(
        &format!(
            "{OK}response:\n  fields:\n    - {{name: ids, type: 'list[int]', example: [1, x]}}\n"
        ),
        "every item must be int",
    );
}

#[test]
fn bad_model_and_field_names() {
    bad(&format!("{OK}response:\n  model: my_model\n"), "PascalCase");
    bad(&format!("{OK}response:\n  model: None\n"), "reserved");
    bad(
        &format!("{OK}response:\n  fields:\n    - {{name: json, type: str, example: a}}\n"),
        "clashes with a Pydantic",
    );
}

#[test]
fn oversize() {
    let big = format!("{OK}requirements: '{}'\n", "x".repeat(1024 * 1024));
    run(&["decode", "-"], b64(big.as_bytes()).as_bytes()).assert_invalid("request is too large");
    run(&["encode", "-"], big.as_bytes()).assert_invalid("request is too large");
}

#[test]
fn alias_bomb_is_refused_fast() {
    let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='m' {
        yaml += &format!(
            "{c}: &{c} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        );
        prev = c;
    }
    let start = std::time::Instant::now();
    bad(&yaml, "repetition limit exceeded");
    // Generous bound: a real expansion would take minutes and gigabytes.
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn missing_file_and_usage() {
    run(&["encode", "no/such.yaml"], b"")
        .assert_invalid("cannot read the request from no/such.yaml");
    let r = run(&["decode"], b"");
    assert_eq!(r.code, 2);
    let r = run(&["frobnicate"], b"");
    assert_eq!(r.code, 2);
}

#[test]
fn normalised_name_is_reported() {
    let r = run(&["encode", "-"], b"feature: Smoke Test\ndescription: x\n");
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "note: feature name 'Smoke Test' normalised to 'smoke_test'\n"
    );
}

#[test]
fn json_with_surrogate_pair_escapes_is_accepted() {
    // What Python's `json.dumps` writes for text outside the BMP.
    let json = r#"{"feature": "pet_emoji", "description": "Dogs \ud83d\udc36 and cats \ud83d\udc31.",
        "requirements": ["\ud83d\udc36 first"],
        "response": {"fields": [{"name": "icon", "type": "str", "example": "\ud83d\udc36",
        "description": "A \u00e9 \ud800\udc00 icon"}]}}"#;
    let r = run(&["encode", "-"], json.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let decoded = run(&["decode", r.stdout.trim(), "--format", "json"], b"");
    assert_eq!(decoded.code, 0, "{}", decoded.stderr);
    let v: serde_json::Value = serde_json::from_str(&decoded.stdout).unwrap();
    assert_eq!(v["description"], "Dogs 🐶 and cats 🐱.");
    assert_eq!(v["response"]["fields"][0]["example"], "🐶");
    assert_eq!(
        v["response"]["fields"][0]["description"],
        "A é \u{10000} icon"
    );
    let r = run(&["decode", &b64(json.as_bytes())], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A lone surrogate is not text: refused with the JSON parser's position; duplicate
    // keys are refused in JSON as in YAML.
    bad(
        r#"{"feature": "pet", "description": "x\ud83d"}"#,
        "invalid JSON at line 1",
    );
    bad(
        r#"{"feature": "pet", "feature": "cat", "description": "x"}"#,
        "duplicate",
    );
    // YAML flow mappings still read as YAML.
    let r = run(&["encode", "-"], b"{feature: pet, description: Pets.}");
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn oversize_inputs_report_their_real_size() {
    let big = format!("{OK}requirements: '{}'\n", "x".repeat(10 * 1024 * 1024));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.yaml");
    std::fs::write(&file, &big).unwrap();
    let want = "request is too large: 10.0 MiB exceeds the 1 MiB limit";
    run(&["encode", file.to_str().unwrap()], b"").assert_invalid(want);
    run(&["encode", "-"], big.as_bytes()).assert_invalid(want);
    run(&["decode", "-"], b64(big.as_bytes()).as_bytes()).assert_invalid(want);
    // Just over the limit: not "1.0 MiB exceeds the 1 MiB limit".
    let over = format!("{OK}requirements: '{}'\n", "x".repeat(1024 * 1024));
    run(&["encode", "-"], over.as_bytes())
        .assert_invalid(&format!("{} bytes exceeds the 1 MiB limit", over.len()));
}

#[test]
fn paths_with_dot_segments_are_refused() {
    for path in [
        "/a/..",
        "/a/../b",
        "/./a",
        "/a/.",
        "/..",
        "/.",
        "/a/.../b",
        "/a/%2e%2e",
        "/%2E/a",
        "//a",
        "/a//",
    ] {
        let yaml = format!("{OK}endpoint:\n  path: '{path}'\n");
        run(&["decode", &b64(yaml.as_bytes())], b"").assert_invalid("endpoint.path");
    }
    // Dots inside a segment are ordinary characters.
    for path in ["/a.json", "/v1.2/x", "/.well-known/x", "/a..b"] {
        let yaml = format!("{OK}endpoint:\n  path: '{path}'\n");
        let r = run(&["decode", &b64(yaml.as_bytes())], b"");
        assert_eq!(r.code, 0, "{path}: {}", r.stderr);
    }
}

#[test]
fn names_that_would_break_the_generated_app_are_refused() {
    let field = |name: &str| {
        format!("{OK}response:\n  fields:\n    - {{name: {name}, type: str, example: a}}\n")
    };
    for (name, why) in [
        ("str", "class body uses"),
        ("int", "class body uses"),
        ("list", "class body uses"),
        ("model_config", "class body uses"),
        ("register", "Pydantic BaseModel attribute"),
        ("mro", "Pydantic BaseModel attribute"),
        ("model_dump", "Pydantic BaseModel attribute"),
        ("model_validate_strings", "Pydantic BaseModel attribute"),
        ("schema", "Pydantic BaseModel attribute"),
        ("json", "Pydantic BaseModel attribute"),
        ("copy", "Pydantic BaseModel attribute"),
        ("l", "E741"),
    ] {
        bad(&field(name), &format!("field name '{name}' {}", ""));
        bad(&field(name), why);
    }
    for model in [
        "APIRouter",
        "TestClient",
        "BaseModel",
        "ConfigDict",
        "Field",
        "O",
        "I",
    ] {
        bad(
            &format!("{OK}response:\n  model: {model}\n"),
            &format!("response.model '{model}'"),
        );
    }
    // Names of the same shape that clash with nothing are fine.
    for name in ["status", "registered", "json_text", "lo", "strength"] {
        let r = run(&["decode", &b64(field(name).as_bytes())], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
}
