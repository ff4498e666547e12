//! SPEC §15, `init --auth`: the project's own checks pass, the app refuses to start
//! without its signing key, the users command creates the first superuser, and over real
//! HTTP a login gives a token that the protected routes take, while a wrong password, a
//! missing, forged, expired or garbage token are 401s and a user who is no superuser is
//! a 403. A protected endpoint and an owner-scoped resource (SPEC §15): every route is
//! a 401 without a valid token, and one user gets a 404 on another's note for every
//! operation while each list holds only its caller's.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{repo_file, run_in};
use crate::e2e::{
    E2E_SECRET_KEY, assert_pycheck_leaves_database_alone, json, migrate, serve, venv_python,
};

/// One HTTP/1.1 exchange with extra header lines and a body of `content_type`:
/// `(status, head, body)`; the head's names are lower-cased.
fn exchange(
    port: u16,
    (method, path): (&str, &str),
    headers: &[String],
    (content_type, body): (&str, &str),
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head[9..12].parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

fn login(port: u16, email: &str, password: &str) -> (u16, String, String) {
    let form = format!(
        "username={}&password={}",
        email.replace('@', "%40"),
        password
    );
    exchange(
        port,
        ("POST", "/api/v1/login/access-token"),
        &[],
        ("application/x-www-form-urlencoded", &form),
    )
}

/// A request with `Authorization: Bearer <token>` (none when `token` is empty).
fn with_token(port: u16, (method, path): (&str, &str), token: &str, body: &str) -> (u16, String) {
    let headers = if token.is_empty() {
        Vec::new()
    } else {
        vec![format!("Authorization: Bearer {token}")]
    };
    let (status, _, body) = exchange(port, (method, path), &headers, ("application/json", body));
    (status, body)
}

/// A token for user 1 signed with `key`, expiring `seconds` from now (PyJWT, HS256).
fn token_signed_with(key: &str, seconds: i64) -> String {
    let code = "import sys, time, jwt; print(jwt.encode({'sub': '1', 'exp': \
                int(time.time()) + int(sys.argv[2])}, sys.argv[1], algorithm='HS256'))";
    let out = Command::new(venv_python())
        .args(["-c", code, key, &seconds.to_string()])
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `python -m petsage.users create EMAIL --superuser`, the password piped in.
fn create_superuser(dir: &Path, database_url: &str, email: &str, password: &str) -> (i32, String) {
    let mut child = Command::new(venv_python())
        .args(["-m", "petsage.users", "create", email, "--superuser"])
        .env("DATABASE_URL", database_url)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the users command");
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn an_auth_project_logs_users_in_and_refuses_every_bad_token_over_http() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["init", "--auth", "demo"], b"");
    assert_eq!(r.code, 0, "init --auth: {}", r.stderr);
    let dir = tmp.path().join("demo");
    // A public resource, then a protected one and a protected endpoint (SPEC §15).
    for example in ["pets", "notes", "whoami"] {
        let path = repo_file(&format!("examples/{example}.yaml"));
        let r = run_in(&dir, &["feature", "--request", path.to_str().unwrap()], b"");
        assert_eq!(r.code, 0, "{example}: {}", r.stderr);
    }
    assert_pycheck_leaves_database_alone(&dir, "the init --auth project fails its checks");

    let url = format!("sqlite:///{}", tmp.path().join("app.db").display());
    migrate(&dir, &url, &["upgrade", "head"]);
    // Without its signing key the app does not start, and says what to set.
    let out = Command::new(venv_python())
        .args(["-m", "uvicorn", "petsage.main:app", "--port", "0"])
        .env("DATABASE_URL", &url)
        .env_remove("SECRET_KEY")
        .current_dir(&dir)
        .output()
        .expect("run uvicorn");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("SECRET_KEY is not set"),
        "{stderr}"
    );

    let password = "correct-horse-battery";
    let (code, text) = create_superuser(&dir, &url, "admin@example.com", password);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("created superuser admin@example.com"),
        "{text}"
    );
    let (code, text) = create_superuser(&dir, &url, "admin@example.com", password);
    assert_eq!(code, 1, "a second account with the email: {text}");
    assert!(text.contains("already exists"), "{text}");

    let (_server, port) = serve(&dir, &url);
    let (status, _, body) = login(port, "admin@example.com", password);
    assert_eq!(status, 200, "{body}");
    let token = json(&body)["access_token"].as_str().unwrap().to_string();
    assert_eq!(json(&body)["token_type"], "bearer");
    for (email, pw) in [
        ("admin@example.com", "wrong-password"),
        ("nobody@example.com", password),
    ] {
        let (status, head, body) = login(port, email, pw);
        assert_eq!(status, 401, "{email}: {body}");
        assert!(head.contains("www-authenticate: bearer"), "{head}");
    }
    let me = ("GET", "/api/v1/users/me");
    let (status, body) = with_token(port, me, &token, "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["email"], "admin@example.com");
    assert_eq!(json(&body)["is_superuser"], true);
    assert!(json(&body).get("hashed_password").is_none(), "{body}");
    let forged = token_signed_with("another-key-that-is-not-the-apps-own-0123", 600);
    let expired = token_signed_with(E2E_SECRET_KEY, -60);
    for (what, bad) in [
        ("no token", ""),
        ("a forged token", forged.as_str()),
        ("an expired token", expired.as_str()),
        ("garbage", "not-a-jwt"),
    ] {
        let (status, body) = with_token(port, me, bad, "");
        assert_eq!(status, 401, "{what}: {body}");
    }

    // A superuser creates users; they log in, and are refused what only a superuser may.
    let users = ("POST", "/api/v1/users");
    let bob = r#"{"email": "bob@example.com", "password": "bobs-password-1"}"#;
    let (status, body) = with_token(port, users, &token, bob);
    assert_eq!(status, 201, "{body}");
    assert_eq!(json(&body)["is_superuser"], false);
    let (status, body) = with_token(port, users, &token, bob);
    assert_eq!(status, 409, "the same email again: {body}");
    let (status, _, body) = login(port, "bob@example.com", "bobs-password-1");
    assert_eq!(status, 200, "{body}");
    let bobs = json(&body)["access_token"].as_str().unwrap().to_string();
    let carol = r#"{"email": "carol@example.com", "password": "carols-password"}"#;
    let (status, body) = with_token(port, users, &bobs, carol);
    assert_eq!(status, 403, "{body}");
    let (status, body) = with_token(port, users, "", carol);
    assert_eq!(status, 401, "{body}");
    // The resource beside them is served as before.
    let (status, body) = with_token(port, ("GET", "/api/v1/pets"), "", "");
    assert_eq!(status, 200, "{body}");

    // The protected routes: every one is a 401 without a valid token.
    let note = r#"{"title": "Buy food", "body": null}"#;
    let protected = [
        ("POST", "/api/v1/notes", note),
        ("GET", "/api/v1/notes", ""),
        ("GET", "/api/v1/notes/1", ""),
        ("PATCH", "/api/v1/notes/1", r#"{"title": "Buy more food"}"#),
        ("PUT", "/api/v1/notes/1", note),
        ("DELETE", "/api/v1/notes/1", ""),
        ("GET", "/api/v1/whoami", ""),
    ];
    for (method, path, body) in protected {
        for (what, bad) in [
            ("no token", ""),
            ("a forged token", forged.as_str()),
            ("an expired token", expired.as_str()),
        ] {
            let (status, text) = with_token(port, (method, path), bad, body);
            assert_eq!(status, 401, "{method} {path} with {what}: {text}");
        }
    }
    let (status, body) = with_token(port, ("GET", "/api/v1/whoami"), &bobs, "");
    assert_eq!(status, 200, "{body}");

    // Owner-scoped notes (SPEC §15): Bob's and the admin's, each sees only their own.
    let create = |who: &str, body: &str| {
        let (status, text) = with_token(port, ("POST", "/api/v1/notes"), who, body);
        assert_eq!(status, 201, "{text}");
        assert!(json(&text).get("owner_id").is_none(), "{text}");
        json(&text)["id"].as_i64().unwrap()
    };
    // An owner in the body is not taken: the token says whose the note is.
    let bobs_note = create(&bobs, r#"{"title": "Bob's", "owner_id": 1}"#);
    let admins_note = create(&token, r#"{"title": "The admin's"}"#);
    for (who, own) in [(&bobs, bobs_note), (&token, admins_note)] {
        let (status, text) = with_token(port, ("GET", "/api/v1/notes"), who, "");
        assert_eq!(status, 200, "{text}");
        assert_eq!(json(&text)["count"], 1, "{text}");
        assert_eq!(json(&text)["data"][0]["id"], own, "{text}");
    }
    let theirs = format!("/api/v1/notes/{admins_note}");
    for (method, body) in [("GET", ""), ("PATCH", note), ("PUT", note), ("DELETE", "")] {
        let (status, text) = with_token(port, (method, &theirs), &bobs, body);
        assert_eq!(status, 404, "Bob: {method} {theirs}: {text}");
        assert_eq!(json(&text)["detail"], "Note not found", "{text}");
    }
    let (status, text) = with_token(port, ("GET", &theirs), &token, "");
    assert_eq!(status, 200, "{text}");
    assert_eq!(json(&text)["title"], "The admin's", "unchanged: {text}");
    let mine = format!("/api/v1/notes/{bobs_note}");
    for (method, body, want) in [
        ("GET", "", 200),
        ("PATCH", r#"{"title": "Bob's, changed"}"#, 200),
        ("PUT", note, 200),
        ("DELETE", "", 204),
        ("GET", "", 404),
    ] {
        let (status, text) = with_token(port, (method, &mine), &bobs, body);
        assert_eq!(status, want, "Bob: {method} {mine}: {text}");
    }
}
