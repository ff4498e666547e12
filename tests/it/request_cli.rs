//! `decode` and `encode` through the binary: the example, and every class of bad input.

use crate::common;

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
        // The body's guard, which the class defines after the fields.
        ("classmethod", "class body uses"),
        ("echo_safe_input", "class body uses"),
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

/// `endpoint:` with the given keys (flow style), after `OK`.
fn endpoint(keys: &str) -> String {
    format!("{OK}endpoint: {{{keys}}}\n")
}

/// One query parameter `x` with the given type and example (and more keys).
fn param(keys: &str) -> String {
    endpoint(&format!("params: [{{name: x, {keys}}}]"))
}

/// A response with one field `x` with the given keys.
fn response_field(keys: &str) -> String {
    format!("{OK}response: {{fields: [{{name: x, {keys}}}]}}\n")
}

const ONE_FIELD: &str = "fields: [{name: name, type: str, example: Rex}]";

/// A resource with the given `resource:` keys and model fields.
fn resource(resource_keys: &str, model: &str) -> String {
    format!("{OK}kind: resource\nresource: {{{resource_keys}}}\nmodel: {{{model}}}\n")
}

#[test]
fn path_and_query_parameters_are_checked() {
    for (yaml, needle) in [
        (
            endpoint("path: '/pets/{pet_id}'"),
            "endpoint.path has the parameter {pet_id}: declare it in endpoint.params",
        ),
        (
            endpoint("params: [{name: pet_id, in: path, type: int, example: 1}]"),
            "parameter 'pet_id' is in: path, but endpoint.path '/pet' has no {pet_id}",
        ),
        (
            endpoint(
                "path: '/p/{a}', params: [{name: a, in: path, type: int, example: 1, default: 2}]",
            ),
            "path parameter 'a' cannot have a default",
        ),
        (
            endpoint(
                "path: '/p/{a}', params: [{name: a, in: path, type: 'list[int]', example: [1]}]",
            ),
            "path parameter 'a' must have a plain type",
        ),
        (
            endpoint(
                "path: '/p/{a}', params: [{name: a, in: path, type: 'int | None', example: 1}]",
            ),
            "path parameter 'a' must have a plain type",
        ),
        (
            endpoint(
                "params: [{name: a, type: int, example: 1}, {name: a, in: query, type: str, example: b}]",
            ),
            "endpoint.params[1]: parameter 'a' is given twice",
        ),
        (
            param("in: body, type: int, example: 1"),
            "parameter 'x': in 'body' is not one of path, query, header",
        ),
        (
            endpoint("params: [{name: 'X Request', in: header, type: str, example: a}]"),
            "endpoint.params[0]: 'X Request' is not a valid header name",
        ),
        (
            endpoint("params: [{name: x, alias: 'X:Y', in: header, type: str, example: a}]"),
            "endpoint.params[0]: 'X:Y' is not a valid header name",
        ),
        (
            endpoint("params: [{name: x, alias: X-Y, type: str, example: a}]"),
            "endpoint.params[0]: alias names the header a parameter reads; it is for in: \
             header parameters",
        ),
        (
            endpoint("params: [{name: X-Ids, in: header, type: 'list[str]', example: [a]}]"),
            "header parameter 'x_ids' must have a single value (no list type)",
        ),
        (
            endpoint(
                "params: [{name: X-A, in: header, type: str, example: a}, {name: x_a, type: \
                 int, example: 1}]",
            ),
            "endpoint.params[1]: parameter 'x_a' is given twice",
        ),
        (
            param("type: int, example: 1, default: x"),
            "parameter 'x': default must be int, found a string",
        ),
        (
            param("type: 'list[int]', example: [1], default: [2]"),
            "parameter 'x': a list default must be empty",
        ),
        (
            endpoint("params: [{nmae: x, type: int, example: 1}]"),
            "unknown key 'endpoint.params[0].nmae' (allowed: name, in, type, example, default, \
             description, alias); did you mean 'name'?",
        ),
        (
            endpoint("params: x"),
            "'endpoint.params' must be a list, found a string",
        ),
        (
            param("type: int, example: 1, description: \"two\\nlines\""),
            "'endpoint.params[0].description' must be a single line",
        ),
    ] {
        bad(&yaml, needle);
    }
    // A path parameter's text example is put in a URL: one segment, as written.
    for example in ["a/b", "''", "'..'", "'.'", "a?b", "'a#b'", "a%2e", "'a b'"] {
        bad(
            &endpoint(&format!(
                "path: '/p/{{k}}', params: [{{name: k, in: path, type: str, example: {example}}}]"
            )),
            "path parameter 'k': example '",
        );
    }
    bad(
        &endpoint(
            "path: '/p/{k}', params: [{name: k, in: path, type: 'literal[., a]', example: .}]",
        ),
        "must be one URL segment",
    );
    let r = run(
        &["encode", "-"],
        endpoint("path: '/p/{k}', params: [{name: k, in: path, type: str, example: a-b.c~d_e}]")
            .as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in ["self", "service", "body", "date", "datetime", "l"] {
        bad(
            &endpoint(&format!(
                "params: [{{name: {name}, type: int, example: 1}}]"
            )),
            &format!("endpoint.params[0]: parameter name '{name}' "),
        );
    }
}

#[test]
fn bodies_status_codes_and_errors_are_checked() {
    let body = "request: {fields: [{name: a, type: int, example: 1}]}\n";
    for (yaml, needle) in [
        (
            format!("{}{body}", endpoint("method: GET")),
            "'request' (a body) needs method POST, PUT or PATCH; endpoint.method is GET",
        ),
        (
            format!("{}{body}", endpoint("method: DELETE")),
            "endpoint.method is DELETE",
        ),
        (
            format!("{OK}request: {{model: VisitCreate}}\n"),
            "missing required key 'request.fields'",
        ),
        (
            format!(
                "{}response: {{model: Gone}}\n",
                endpoint("status_code: 204")
            ),
            "status_code 204 answers without a body; leave out 'response'",
        ),
        (
            endpoint("status_code: 199"),
            "'endpoint.status_code' must be an HTTP status from 200 to 299, found 199",
        ),
        (endpoint("status_code: 302"), "found 302"),
        (endpoint("status_code: '201'"), "found a string"),
        (endpoint("status_code: 70000"), "found 70000"),
        (
            endpoint("errors: [{status: 422, description: x}]"),
            "endpoint.errors[0]: 422 is FastAPI's own answer to invalid input",
        ),
        (
            endpoint("errors: [{status: 404, description: x}, {status: 404, description: y}]"),
            "endpoint.errors[1]: error status 404 is given twice",
        ),
        (
            endpoint("errors: [{status: 399, description: x}]"),
            "'endpoint.errors[0].status' must be an HTTP status from 400 to 599, found 399",
        ),
        (
            endpoint("errors: [{status: 600, description: x}]"),
            "found 600",
        ),
        (
            endpoint("errors: [{status: 404}]"),
            "missing required key 'endpoint.errors[0].description'",
        ),
        (
            endpoint("errors: [404]"),
            "'endpoint.errors[0]' must be a mapping, found an integer",
        ),
        (
            format!("{OK}response: {{many: yes}}\n"),
            "'response.many' must be true or false, found a string",
        ),
        (format!("{OK}response: {{many: 1}}\n"), "found an integer"),
        (
            format!("{OK}response: {{model: PetService}}\n"),
            "response.model 'PetService' is a class the feature's modules define already",
        ),
        (
            format!(
                "{}response: {{model: PetNotFoundError}}\n",
                endpoint("errors: [{status: 404, description: x}]")
            ),
            "response.model 'PetNotFoundError' is a class",
        ),
        (
            format!(
                "{OK}request: {{model: PetServiceDep, fields: [{{name: a, type: int, example: 1}}]}}\n"
            ),
            "request.model 'PetServiceDep' is a class",
        ),
        (
            format!(
                "{OK}request: {{model: Same, fields: [{{name: a, type: int, example: 1}}]}}\nresponse: {{model: Same}}\n"
            ),
            "request.model and response.model are both 'Same'",
        ),
    ] {
        bad(&yaml, needle);
    }
}

#[test]
fn typed_values_and_literals_are_checked() {
    for (keys, needle) in [
        (
            "type: 'literal[]', example: a",
            "literal[...] has an empty value",
        ),
        (
            "type: 'literal[a, a]', example: a",
            "literal value 'a' is given twice",
        ),
        (
            "type: 'literal[a/b]', example: a",
            "literal value 'a/b' must be letters",
        ),
        (
            "type: 'literal[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]', example: a",
            "(at most 40)",
        ),
        (
            "type: 'literal[aaaaaaaaaa, bbbbbbbbbbb, cccccccccccc, dddddddddd, eeeeeeeee]', \
             example: eeeeeeeee",
            "is too long for one line of code",
        ),
        (
            "type: 'literal[a, b]', example: c",
            "example must be one of a, b, found 'c'",
        ),
        (
            "type: 'literal[a, b]', example: a, default: c",
            "default must be one of a, b, found 'c'",
        ),
        ("type: 'literal[a', example: a", "unknown type 'literal[a'"),
        (
            "type: date, example: 2026-02-30",
            "response field 'x': example must be a date as YYYY-MM-DD, found '2026-02-30'",
        ),
        (
            "type: datetime, example: '2026-01-01T25:00'",
            "example must be a datetime as YYYY-MM-DDTHH:MM:SS",
        ),
        (
            "type: datetime, example: '2026-01-01T10:00+25:00'",
            "found '2026-01-01T10:00+25:00'",
        ),
        (
            "type: uuid, example: 0b5f8c9e-3c7a-4d2b-9b1e2f6a1c4d8e7f",
            "example must be a UUID (8-4-4-4-12 hex digits)",
        ),
        (
            "type: uuid, example: 0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7g",
            "example must be a UUID",
        ),
        (
            "type: decimal, example: '1e3'",
            "example must be a decimal number",
        ),
        (
            "type: decimal, example: .inf",
            "example must be decimal, found a float",
        ),
        (
            "type: 'list[int]', example: [1], default: [1]",
            "a list default must be empty",
        ),
        (
            "type: 'list[date]', example: ['2026-13-01']",
            "every item must be a date",
        ),
    ] {
        bad(&response_field(keys), needle);
    }
    // Names the generated class bodies use are refused as field names.
    for name in ["date", "datetime"] {
        bad(
            &response_field(&format!(
                "type: str, example: a}}, {{name: {name}, type: str, example: a"
            )),
            &format!("field name '{name}' is a name the generated model's class body uses"),
        );
    }
}

#[test]
fn kinds_and_their_keys_are_checked() {
    let model = format!("model: {{{ONE_FIELD}}}\n");
    for (yaml, needle) in [
        (
            format!("{OK}kind: resource\n"),
            "a resource needs 'model' with its fields",
        ),
        (
            format!("{OK}resource: {{path: /pets}}\n"),
            "'resource' does not apply to an endpoint: they describe a resource; add 'kind: resource'",
        ),
        (
            format!("{OK}{model}"),
            "'model' does not apply to an endpoint",
        ),
        (
            format!("{OK}kind: endpoint\n{model}"),
            "'model' does not apply to an endpoint",
        ),
        (
            format!("{OK}kind: resource\n{model}endpoint: {{method: GET}}\n"),
            "'endpoint' does not apply to a resource",
        ),
        (
            format!("{OK}kind: resource\n{model}request: {{{ONE_FIELD}}}\n"),
            "'request' does not apply to a resource",
        ),
        (
            format!("{OK}kind: resource\n{model}response: {{model: X}}\n"),
            "'response' does not apply to a resource",
        ),
        (
            format!("{OK}kind: widget\n"),
            "kind 'widget' is not one of endpoint, resource",
        ),
        (
            format!("{OK}kind: [resource]\n"),
            "'kind' must be a string, found a list",
        ),
    ] {
        bad(&yaml, needle);
    }
}

#[test]
fn resources_are_checked() {
    for (yaml, needle) in [
        (
            resource("", "fields: [{name: id, type: int, example: 1}]"),
            "model field 'id': the stored model's id comes from resource.id",
        ),
        (
            resource("", "fields: [{name: pet_id, type: int, example: 1}]"),
            "model field 'pet_id' is the resource's id (resource.id)",
        ),
        (
            resource(
                "id: {name: owner_id}",
                "fields: [{name: owner_id, type: int, example: 1}]",
            ),
            "model field 'owner_id' is the resource's id",
        ),
        (
            resource("path: '/pets/{x}'", ONE_FIELD),
            "resource.path '/pets/{x}': path parameters are not supported here",
        ),
        (
            resource("path: pets", ONE_FIELD),
            "resource.path 'pets' must begin with '/'",
        ),
        (
            resource("path: /", ONE_FIELD),
            "resource.path '/' must not end with '/': the items are at <path>/{id}",
        ),
        (
            resource("path: /pets/", ONE_FIELD),
            "resource.path '/pets/' must not end",
        ),
        (
            resource(
                "",
                "fields: [{name: at, type: datetime, example: '2026-11-30T10:15:00+01:00'}]",
            ),
            "model field 'at': the database keeps datetimes in UTC",
        ),
        (
            resource(
                "",
                "fields: [{name: at, type: 'list[datetime]', example: ['2026-11-30T10:15:00.5-05:30']}]",
            ),
            "model field 'at': the database keeps datetimes in UTC",
        ),
        (
            resource("id: {type: str}", ONE_FIELD),
            "resource.id type 'str' is not one of int, uuid",
        ),
        (
            resource("id: {name: self}", ONE_FIELD),
            "resource.id name 'self' is a name the generated route or service uses",
        ),
        (
            resource("id: {typ: int}", ONE_FIELD),
            "unknown key 'resource.id.typ' (allowed: name, type); did you mean 'type'?",
        ),
        (
            resource("operations: [create, upsert]", ONE_FIELD),
            "resource.operations: 'upsert' is not one of create, list, read, update, replace, \
             delete",
        ),
        (
            resource("operations: [read, read]", ONE_FIELD),
            "resource.operations: 'read' is given twice",
        ),
        (
            resource("operations: []", ONE_FIELD),
            "'resource.operations' is empty; give at least one",
        ),
        (
            resource("operations: [1]", ONE_FIELD),
            "'resource.operations[0]' must be a string (create, list, read, update, replace or \
             delete), found an integer",
        ),
        (
            resource("operations: create", ONE_FIELD),
            "'resource.operations' must be a list, found a string",
        ),
        (
            resource("timestamps: yes please", ONE_FIELD),
            "'resource.timestamps' must be true or false",
        ),
        (
            resource(
                "timestamps: true",
                "fields: [{name: updated_at, type: datetime, example: '2026-11-30T10:15:00Z'}]",
            ),
            "model field 'updated_at' is set by the server under resource.timestamps",
        ),
        (
            resource(
                "",
                "fields: [{name: price, type: decimal, example: '1.50'}]",
            ),
            "model field 'price': decimal columns are not supported in a resource yet",
        ),
        (
            resource(
                "",
                "fields: [{name: prices, type: 'list[decimal] | None', example: null}]",
            ),
            "model field 'prices': decimal columns",
        ),
        (resource("", "fields: []"), "'model.fields' is empty"),
        (
            resource("", "name: Pet"),
            "missing required key 'model.fields'",
        ),
        (
            resource("", &format!("name: PetService, {ONE_FIELD}")),
            "model.name 'PetService' is a class the feature's modules define already",
        ),
        (
            resource("", &format!("name: PetPublic, {ONE_FIELD}")),
            "model.name 'PetPublic' is a class",
        ),
        (
            resource("", &format!("name: Session, {ONE_FIELD}")),
            "model.name 'Session' is a name the generated modules import or define",
        ),
    ] {
        bad(&yaml, needle);
    }
    // Names SQLModel or the generated classes give a meaning to.
    for name in [
        "metadata",
        "sqlmodel_update",
        "field_validator",
        "reject_null",
        // SQLAlchemy's declarative mapping reserves it; `SQLModel.__new__(cls, ...)`.
        "registry",
        "cls",
    ] {
        bad(
            &resource(
                "",
                &format!(
                    "fields: [{{name: a, type: str, example: a}}, {{name: {name}, type: str, example: a}}]"
                ),
            ),
            &format!(
                "model.fields[1]: field name '{name}' is a name SQLModel or SQLAlchemy reserve"
            ),
        );
    }
}

/// The examples print as text with every part, and read back from their printed YAML and
/// JSON as the same request.
#[test]
fn the_new_examples_round_trip() {
    for (file, text) in [
        (
            "examples/pets.yaml",
            &[
                "Kind: resource\n",
                "Resource:\n  Path: /pets\n  Id: pet_id (int)\n",
                "  Operations: create, list, read, update, replace, delete\n",
                "Model:\n  Name: Pet\n  Fields:\n",
                "    - species: literal[dog, cat, bird] = \"dog\"\n",
                "    - birth_date: date | None = \"2020-05-01\"\n",
            ][..],
        ),
        (
            "examples/pet_visits.yaml",
            &[
                "Endpoint:\n  Method: POST\n  Path: /pets/{pet_id}/visits\n  Parameters:\n",
                "    - pet_id (in path): int, e.g. 1  (The pet)\n",
                "    - notify (in query): bool = false by default, e.g. true  (Email the owner)\n",
                "  Errors:\n    - 404: Pet not found\n",
                "Request body:\n  Model: VisitCreate\n",
                "    - urgency: literal[low, normal, high] = \"high\" (default \"normal\")\n",
                "    - weight_kg: decimal | None = \"12.50\"\n",
                "    - seen_at: datetime = \"2026-11-30T10:15:00Z\"\n",
            ][..],
        ),
    ] {
        let path = repo_file(file);
        let r = run(&["encode", path.to_str().unwrap()], b"");
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let payload = r.stdout.trim().to_string();
        let decoded = run(&["decode", &payload], b"");
        assert_eq!(decoded.code, 0, "{file}: {}", decoded.stderr);
        for part in text {
            assert!(
                decoded.stdout.contains(part),
                "{file}: {part:?} in\n{}",
                decoded.stdout
            );
        }
        // The canonical YAML is the file's request (plus `requirements: none`).
        let yaml = run(&["decode", &payload, "--format", "yaml"], b"");
        let given: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut printed: serde_yaml::Value = serde_yaml::from_str(&yaml.stdout).unwrap();
        printed
            .as_mapping_mut()
            .unwrap()
            .remove("requirements")
            .unwrap();
        assert_eq!(printed, given, "{file}");
        for format in ["yaml", "json"] {
            let out = run(&["decode", &payload, "--format", format], b"");
            let again = run(&["encode", "-"], out.stdout.as_bytes());
            assert_eq!(again.code, 0, "{file} {format}: {}", again.stderr);
            assert_eq!(again.stdout.trim(), payload, "{file} {format}");
        }
    }
}

#[test]
fn list_queries_are_checked() {
    const FIELDS: &str = "fields: [{name: name, type: str, example: Rex}, \
                          {name: tags, type: 'list[str]', example: [a]}, \
                          {name: age, type: int, example: 1}, \
                          {name: age_min, type: 'int | None', example: 1}]";
    for (keys, needle) in [
        (
            "sort: [nmae]",
            "resource.sort: 'nmae' is not a column of the model (one of pet_id, name, tags, \
             age, age_min); did you mean 'name'?",
        ),
        (
            "order_by: [-created_at]",
            "resource.order_by: 'created_at' is not a column of the model",
        ),
        (
            "filters: [tags]",
            "resource.filters: 'tags' holds a list, which the list cannot filter on",
        ),
        (
            "sort: [tags]",
            "resource.sort: 'tags' holds a list, which the list cannot order by",
        ),
        (
            "filters: [pet_id]",
            "resource.filters: 'pet_id' is the id; an item is read by its id",
        ),
        (
            "filters: [id]",
            "resource.filters: 'id' is the id; an item is read by its id (GET <path>/{pet_id})",
        ),
        (
            "filters: [age, age_min]",
            "resource.filters: the query parameter 'age_min' would be there twice",
        ),
        ("sort: [name, name]", "resource.sort: 'name' is given twice"),
        (
            "order_by: [name, -name]",
            "resource.order_by: 'name' is given twice",
        ),
        (
            "sort: [id, pet_id]",
            "resource.sort: the id is given twice (as 'pet_id' and as 'id'); give it once",
        ),
        (
            "order_by: [pet_id, -id]",
            "resource.order_by: the id is given twice (as 'pet_id' and as 'id')",
        ),
        (
            "operations: [create, read], filters: [name]",
            "resource.filters is for the list, and resource.operations has no list",
        ),
        (
            "sort: name",
            "'resource.sort' must be a list, found a string",
        ),
    ] {
        bad(&resource(keys, FIELDS), needle);
    }
}
