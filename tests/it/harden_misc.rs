//! Hardening, round two, the smaller classes through the binary: runs that must end
//! (a huge merge base), includes in every spelling (`include_router(router=...)`), and
//! quiet wrongness (quoted literal values, `detect` on a fresh project, `encode` of an
//! endless file, a journal left half written).

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{ok, project, run_in, snapshot};

const RECORD: &str = ".petsage-build/smoke_test.yaml";
const DOC: &str = "petsage/feature_docs/smoke_test.md";

/// The record's JSON body (after its comment lines), and the comment lines.
fn read_record(dir: &Path, rel: &str) -> (String, serde_json::Value) {
    let text = fs::read_to_string(dir.join(rel)).unwrap();
    let head: String = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let body = &text[head.len()..];
    (head, serde_json::from_str(body).unwrap())
}

fn write_record(dir: &Path, rel: &str, head: &str, record: &serde_json::Value) {
    let body = serde_json::to_string_pretty(record).unwrap();
    fs::write(dir.join(rel), format!("{head}{body}\n")).unwrap();
}

/// A record whose merge base is 100,000 lines (a record is input: committed, or forged)
/// and a file edited from it: the merge against the small new generation took minutes
/// (diffy's Myers without a deadline); now it ends within its time limit, as a conflict.
#[test]
fn update_with_a_huge_merge_base_ends_in_seconds() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    let (head, mut record) = read_record(p.path(), RECORD);
    let base: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
    record["base"][DOC] = serde_json::Value::String(base.clone());
    write_record(p.path(), RECORD, &head, &record);
    fs::write(p.path().join(DOC), base.replacen("line 0\n", "mine\n", 1)).unwrap();
    let before = snapshot(p.path());

    for args in [&["update"][..], &["update", "--dry-run"][..]] {
        let started = Instant::now();
        let r = run_in(p.path(), args, b"");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(20), "{args:?} took {took:?}");
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "conflict: {DOC}: your edits and the new generation"
            )),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("within 2 s"), "{}", r.stderr);
        assert!(snapshot(p.path()) == before, "{args:?} wrote");
    }
}

/// Lines written to `petsage-build mcp`'s stdin as they are, stdin then closed: every JSON
/// message the server printed, in order.
fn mcp_raw(dir: &Path, lines: Vec<Vec<u8>>) -> Vec<serde_json::Value> {
    use std::io::{Read as _, Write as _};
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("petsage-build"))
        .arg("mcp")
        .current_dir(dir)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for line in lines {
            // The server may stop reading (it must not); a broken pipe ends the writes.
            if stdin.write_all(&line).is_err() || stdin.write_all(b"\n").is_err() {
                break;
            }
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        let _ = tx.send(out);
    });
    let out = rx.recv_timeout(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    writer.join().unwrap();
    let out = out.expect("the server ends when its input does");
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line of stdout is JSON"))
        .collect()
}

fn initialize(id: u64) -> Vec<u8> {
    serde_json::json!({
        "jsonrpc": "2.0", "id": id, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "raw", "version": "0"}}
    })
    .to_string()
    .into_bytes()
}

/// Not JSON, JSON that is no message, and a message beyond the size limit each get a
/// JSON-RPC error (-32700, -32600, -32600 naming the limit); the session goes on.
#[test]
fn mcp_answers_unparsable_and_oversized_messages_with_errors() {
    use serde_json::Value::Null;
    let p = project();
    let before = snapshot(p.path());
    let mut huge = br#"{"jsonrpc":"2.0","id":9,"method":"tools/list","params":{"x":""#.to_vec();
    huge.extend(std::iter::repeat_n(b'a', 17 * 1024 * 1024));
    huge.extend(br#""}}"#);
    let replies = mcp_raw(
        p.path(),
        vec![
            b"this is not json".to_vec(),
            initialize(1),
            br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.to_vec(),
            huge,
            br#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#.to_vec(),
            br#"{"jsonrpc":"2.0","id":3,"nonsense":true}"#.to_vec(),
            br#"{"jsonrpc":"2.0","id":4,"method":"ping"}"#.to_vec(),
            // Blank lines are no message; a BOM is no part of one.
            b"   \r".to_vec(),
            [
                &b"\xEF\xBB\xBF"[..],
                br#"{"jsonrpc":"2.0","id":5,"method":"ping"}"#,
            ]
            .concat(),
            // A batch (MCP has none), nesting beyond serde_json's limit, a notification
            // of no known method (never answered), and bytes that are not UTF-8.
            br#"[{"jsonrpc":"2.0","id":6,"method":"ping"}]"#.to_vec(),
            "[".repeat(100_000).into_bytes(),
            br#"{"jsonrpc":"2.0","method":"notifications/whatever"}"#.to_vec(),
            b"\xff\xfe".to_vec(),
        ],
    );
    let codes: Vec<(serde_json::Value, serde_json::Value)> = replies
        .iter()
        .map(|r| (r["id"].clone(), r["error"]["code"].clone()))
        .collect();
    let want = |id: serde_json::Value, code: serde_json::Value| {
        assert!(
            codes.contains(&(id.clone(), code.clone())),
            "no reply with id {id} and error {code}: {replies:#?}"
        );
    };
    want(Null, (-32700).into());
    want(1.into(), Null);
    want(2.into(), Null);
    want(4.into(), Null);
    let oversized = replies
        .iter()
        .find(|r| {
            r["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("16 MiB"))
        })
        .unwrap_or_else(|| panic!("no reply names the size limit: {replies:#?}"));
    assert_eq!(oversized["error"]["code"], -32600);
    assert!(
        replies
            .iter()
            .any(|r| r["error"]["code"] == -32600 && r["id"] == 3),
        "{replies:#?}"
    );
    want(5.into(), Null);
    let parse_errors = replies
        .iter()
        .filter(|r| r["error"]["code"] == -32700)
        .count();
    assert_eq!(
        parse_errors, 3,
        "not JSON, too deep, not UTF-8: {replies:#?}"
    );
    let invalid = replies
        .iter()
        .filter(|r| r["error"]["code"] == -32600)
        .count();
    assert_eq!(invalid, 3, "oversized, no message, a batch: {replies:#?}");
    assert_eq!(
        replies.len(),
        10,
        "one reply per message but the notifications"
    );
    assert!(snapshot(p.path()) == before);
}

const AGGREGATOR: &str = "petsage/api/v1/api.py";

/// `include_router(router=x.router)` is the same include as `include_router(x.router)`:
/// `feature` adds no second one (routes served twice), `check` sees it, and `remove`
/// takes it out with its import (a dangling one is a NameError at import).
#[test]
fn an_include_with_the_router_keyword_is_an_include() {
    for (positional, keyword) in [
        (
            "include_router(smoke_test.router)",
            "include_router(router=smoke_test.router)",
        ),
        (
            "include_router(smoke_test.router)",
            "include_router(prefix=\"\", router=smoke_test.router)",
        ),
        (
            "include_router(smoke_test.router)",
            "include_router(\n    router=smoke_test.router,\n)",
        ),
    ] {
        let p = project();
        let fresh = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
        ok(p.path(), &["feature", "smoke_test"]);
        let wired = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
        assert_eq!(wired.matches(positional).count(), 1, "{wired}");
        fs::write(
            p.path().join(AGGREGATOR),
            wired.replace(positional, keyword),
        )
        .unwrap();
        let before = snapshot(p.path());

        let again = run_in(p.path(), &["feature", "smoke_test"], b"");
        assert_eq!(again.code, 0, "{keyword}: {}", again.stderr);
        let after = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
        assert!(
            snapshot(p.path()) == before,
            "{keyword}: a second include:\n{after}"
        );

        let check = run_in(p.path(), &["check"], b"");
        assert_eq!(check.code, 0, "{keyword}: {}{}", check.stdout, check.stderr);
        assert!(!check.stdout.contains("E00"), "{keyword}: {}", check.stdout);

        ok(p.path(), &["remove", "smoke_test"]);
        let removed = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
        assert_eq!(removed, fresh, "{keyword}: remove restores the aggregator");
    }
}

/// `literal["x y", c]` was read as `literal[xy, c]` (white space dropped inside the
/// quotes). Quoted values may be any text, as Python's `Literal` allows: they keep every
/// character through decode, the record and the generated code, which passes the Python
/// checks; a value that no longer reads as written is refused.
#[test]
fn quoted_literal_values_keep_their_text_end_to_end() {
    let p = project();
    let lit = r#"literal["x y", c, "it's", 'Literal["q"]', "a, b]"]"#;
    let endpoint = format!(
        "feature: bed_choice\ndescription: Pick a bed.\nendpoint:\n  path: /beds\n  params:\n    \
         - {{name: size, in: query, type: {lit:?}, example: \"x y\"}}\nresponse:\n  model: \
         BedChoice\n  fields:\n    - {{name: kind, type: {:?}, example: \"a, b]\"}}\n",
        format!("{lit} | None")
    );
    fs::write(p.path().join("bed.yaml"), &endpoint).unwrap();
    // Every value is one the user wrote; none taken for the alias of another.
    let decoded = ok(p.path(), &["encode", "bed.yaml"]);
    let printed = ok(p.path(), &["decode", "--format", "yaml", decoded.trim()]);
    assert!(printed.contains(&format!("type: {lit}\n")), "{printed}");
    ok(p.path(), &["feature", "--request", "bed.yaml"]);
    let schema = fs::read_to_string(p.path().join("petsage/api/v1/schemas/bed_choice.py")).unwrap();
    assert!(
        schema.contains(r#"Kind = Literal["x y", "c", "it's", 'Literal["q"]', "a, b]"]"#),
        "{schema}"
    );
    let doc = fs::read_to_string(p.path().join("petsage/feature_docs/bed_choice.md")).unwrap();
    assert!(
        doc.contains("/beds?size=x%20y'"),
        "a URL carries the value: {doc}"
    );

    // A resource whose values include the text its tests send as an invalid one.
    let resource = "feature: pets\ndescription: The pets.\nkind: resource\nresource:\n  path: \
                    /pets\nmodel:\n  name: Pet\n  fields:\n    - {name: name, type: str, \
                    example: Rex}\n    - {name: species, type: \"literal['not one of the \
                    values', \\\"big dog\\\"]\", example: big dog}\n";
    fs::write(p.path().join("pets.yaml"), resource).unwrap();
    ok(p.path(), &["feature", "--request", "pets.yaml"]);
    crate::e2e::assert_pycheck(p.path(), "quoted literal values fail the Python checks");

    let before = snapshot(p.path());
    for (ty, why) in [
        (
            "literal[big dog, cat]",
            "literal value 'big dog' must be letters",
        ),
        ("literal[\\\"big dog, cat]", "is not closed by its quote"),
        (
            "literal[\\\"a\\u0007\\\"]",
            "none of them a control character",
        ),
    ] {
        let req = format!(
            "feature: beds\ndescription: Beds.\nresponse:\n  fields:\n    - {{name: k, type: \
             \"{ty}\", example: cat}}\n"
        );
        fs::write(p.path().join("bad.yaml"), &req).unwrap();
        let r = run_in(p.path(), &["feature", "--request", "bad.yaml"], b"");
        r.assert_invalid(why);
        fs::remove_file(p.path().join("bad.yaml")).unwrap();
        assert!(snapshot(p.path()) == before, "{ty}");
    }
    // A path parameter's every value must be one URL segment, not only its example.
    let req = "feature: beds\ndescription: Beds.\nendpoint:\n  path: /beds/{k}\n  params:\n    \
               - {name: k, in: path, type: \"literal[a, \\\"b c\\\"]\", example: a}\n";
    fs::write(p.path().join("bad.yaml"), req).unwrap();
    run_in(p.path(), &["feature", "--request", "bad.yaml"], b"")
        .assert_invalid("path parameter 'k': literal value 'b c' must be one URL segment");
}

/// On a fresh `init` project the aggregator includes nothing yet; `detect` took main for
/// the aggregator, so after `--write` new features were mounted outside `/api/v1`.
#[test]
fn detect_on_a_fresh_project_proposes_its_aggregator() {
    let p = project();
    let main_before = fs::read_to_string(p.path().join("petsage/main.py")).unwrap();
    let detected = ok(p.path(), &["detect"]);
    assert!(
        detected.contains("\naggregator = \"petsage/api/v1/api.py\"\n")
            && detected.contains("\nrouter_var = \"api_v1_router\"\n"),
        "{detected}"
    );
    ok(p.path(), &["detect", "--write"]);
    ok(p.path(), &["feature", "smoke_test"]);
    let aggregator = fs::read_to_string(p.path().join(AGGREGATOR)).unwrap();
    assert!(
        aggregator.contains("api_v1_router.include_router(smoke_test.router)"),
        "{aggregator}"
    );
    let main = fs::read_to_string(p.path().join("petsage/main.py")).unwrap();
    assert_eq!(main, main_before, "main is not the aggregator");
    let check = run_in(p.path(), &["check"], b"");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

/// A device's length reads as 0: `encode /dev/zero` said "0 bytes exceeds the 1 MiB
/// limit". Only a regular file's length is its size; anything else is measured by reading.
#[cfg(unix)]
#[test]
fn a_too_large_request_from_a_device_gives_a_true_size() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["encode", "/dev/zero"][..],
        &["feature", "x", "--request", "/dev/zero"][..],
    ] {
        let r = run_in(dir.path(), args, b"");
        r.assert_invalid("request is too large: more than 65.0 MiB exceeds the 1 MiB limit");
    }
    fs::write(dir.path().join("big.yaml"), vec![b'#'; 3 << 20]).unwrap();
    run_in(dir.path(), &["encode", "big.yaml"], b"")
        .assert_invalid("request is too large: 3 MiB exceeds the 1 MiB limit");
    run_in(dir.path(), &["encode", "-"], &vec![b'#'; 2 << 20])
        .assert_invalid("request is too large: 2 MiB exceeds the 1 MiB limit");
}

/// A run killed while it wrote its journal leaves only `journal.tmp` (nothing else was
/// touched yet): `check` reports it and `list`, like every command that recovers, cleans
/// it up; both ignored it.
#[test]
fn a_half_written_journal_is_reported_and_cleaned_up() {
    let p = project();
    ok(p.path(), &["feature", "smoke_test"]);
    let temp = p.path().join(".petsage-build/journal.tmp");
    fs::write(&temp, "petsage-build journal 1\npid 4242\nwri").unwrap();

    let check = run_in(p.path(), &["check"], b"");
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    assert!(check.stdout.contains("E009"), "{}", check.stdout);
    assert!(temp.exists(), "check only reads");

    let list = run_in(p.path(), &["list"], b"");
    assert_eq!(list.code, 0, "{}", list.stderr);
    assert!(!temp.exists(), "list recovers: the temp journal is gone");
    let check = run_in(p.path(), &["check"], b"");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

/// Main mounting the aggregator by keyword, the router after another argument: it is
/// mounted, so main is left alone (it used to get a second include of the aggregator).
#[test]
fn main_mounting_the_aggregator_by_keyword_is_left_alone() {
    let p = project();
    let main = p.path().join("petsage/main.py");
    let text = fs::read_to_string(&main).unwrap();
    let from = "app.include_router(api_v1_router, prefix=\"/api/v1\")";
    assert!(text.contains(from), "{text}");
    let text = text.replace(
        from,
        "app.include_router(prefix=\"/api/v1\", router=api_v1_router)",
    );
    fs::write(&main, &text).unwrap();
    ok(p.path(), &["feature", "smoke_test"]);
    assert_eq!(fs::read_to_string(&main).unwrap(), text);
    let check = run_in(p.path(), &["check"], b"");
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let detected = ok(p.path(), &["detect"]);
    assert!(
        detected.contains("\naggregator = \"petsage/api/v1/api.py\"\n"),
        "{detected}"
    );
}
