//! Terminal conventions: help with examples, version, completions, colour and quiet.

use crate::common;

use clap::CommandFactory as _;
#[cfg(unix)]
use common::run_env;
use common::{project, run, run_in};

/// Every command and subcommand clap knows (`templates`, `templates export`, ...), so a
/// new command without examples fails the test below.
fn commands() -> Vec<String> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
            let name = format!("{prefix}{}", sub.get_name());
            out.push(name.clone());
            walk(sub, &format!("{name} "), out);
        }
    }
    let mut out = Vec::new();
    walk(&petsage_build::cli::Cli::command(), "", &mut out);
    out
}

#[test]
fn every_command_has_help_with_examples() {
    let commands = commands();
    for name in [
        "init",
        "feature",
        "remove",
        "detect",
        "templates",
        "templates list",
    ] {
        assert!(commands.iter().any(|c| c == name), "{name} in {commands:?}");
    }
    let mut helps = vec![run(&["--help"], b"")];
    for command in &commands {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.push("--help");
        let r = run(&args, b"");
        assert_eq!(r.code, 0, "{command}: {}", r.stderr);
        assert!(
            r.stdout.contains("Examples:\n  petsage-build "),
            "{command}:\n{}",
            r.stdout
        );
        helps.push(r);
    }
    assert!(helps[0].stdout.contains("Examples:"), "{}", helps[0].stdout);
    // The whole help text, so that every change to it is seen in review.
    let session = common::transcripts(&helps.iter().collect::<Vec<_>>());
    insta::assert_snapshot!(session);
}

#[test]
fn version_is_the_crate_version() {
    let r = run(&["--version"], b"");
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        format!("petsage-build {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_every_shell() {
    // What each shell's script must contain to complete our subcommands.
    let shells: &[(&str, &str)] = &[
        ("bash", "complete -F _petsage__build"),
        ("zsh", "#compdef petsage-build"),
        ("fish", "complete -c petsage-build"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[petsage-build]"),
    ];
    for (shell, marker) in shells {
        let r = run(&["completions", shell], b"");
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}: no {marker:?}");
        for sub in ["feature", "check", "templates", "dry-run", "skip-existing"] {
            assert!(r.stdout.contains(sub), "{shell} completes no {sub}");
        }
    }
    // The bash script really completes: a subcommand, then a flag of it.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("petsage-build.bash");
    std::fs::write(&script, run(&["completions", "bash"], b"").stdout).unwrap();
    for (words, want) in [("fea", "feature"), ("feature --sk", "--skip-existing")] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source {}; COMP_WORDS=(petsage-build {words}); \
                 COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
                 _petsage__build petsage-build \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
                 echo \"${{COMPREPLY[@]}}\"",
                script.display()
            ))
            .output()
            .expect("run bash");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), want, "{words}");
    }
    let r = run(&["completions", "tcsh"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'tcsh'"), "{}", r.stderr);
}

#[cfg(unix)]
const SUMMARY: &str = "     created petsage/api/v1/schemas/smoke_test.py
     created petsage/services/smoke_test_service.py
     created petsage/api/v1/endpoints/smoke_test.py
     created petsage/tests/test_api/test_v1/test_smoke_test.py
     created petsage/feature_docs/smoke_test.md
     created .petsage-build/smoke_test.yaml
     patched petsage/api/v1/api.py
   unchanged petsage/main.py
6 created, 1 patched, 1 unchanged
";

/// Where a run's standard output goes.
#[cfg(unix)]
#[derive(Debug, Clone, Copy, PartialEq)]
enum Out {
    Pipe,
    Terminal,
}

#[cfg(unix)]
/// Runs `petsage-build ARGS` in `dir` with exactly `env` (and PATH): NO_COLOR only when
/// given, unlike the shared fixture, which sets it. With `Out::Terminal`, standard output
/// is the slave side of a fresh pseudo-terminal, read back from its master side.
fn run_colour(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], out: Out) -> String {
    use std::io::Read as _;
    use std::os::fd::{FromRawFd as _, OwnedFd};
    use std::process::{Command, Stdio};

    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("petsage-build"));
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    match out {
        Out::Pipe => {
            let o = cmd.output().unwrap();
            assert!(o.status.success(), "{args:?} {env:?}");
            String::from_utf8(o.stdout).unwrap()
        }
        Out::Terminal => {
            let (mut master, mut slave) = (-1, -1);
            // SAFETY: openpty writes two descriptors into the given ints; the name, termios
            // and window size pointers may be null.
            let rc = unsafe {
                libc::openpty(
                    &mut master,
                    &mut slave,
                    std::ptr::null_mut(),
                    std::ptr::null(),
                    std::ptr::null(),
                )
            };
            assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
            // SAFETY: both descriptors were just opened and are owned here only.
            let (master, slave) =
                unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
            let status = cmd.stdout(Stdio::from(slave)).status().unwrap();
            assert!(status.success(), "{args:?} {env:?}");
            // The child has exited and the parent's copy of the slave was moved into the
            // command, which is dropped: the master reads what was written, then EIO.
            drop(cmd);
            let mut bytes = Vec::new();
            let _ = std::fs::File::from(master).read_to_end(&mut bytes);
            assert!(!bytes.is_empty(), "nothing read from the terminal");
            String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
        }
    }
}

/// Extra environment variables of a run.
#[cfg(unix)]
type Env = &'static [(&'static str, &'static str)];

#[cfg(unix)]
#[test]
fn colour_follows_the_flag_no_color_and_the_terminal() {
    use Out::{Pipe, Terminal};
    // (environment, flags, standard output, coloured?)
    let cases: &[(Env, &[&str], Out, bool)] = &[
        // auto: a terminal only, and not with NO_COLOR set to anything but "".
        (&[], &[], Pipe, false),
        (&[], &[], Terminal, true),
        (&[("NO_COLOR", "")], &[], Pipe, false),
        (&[("NO_COLOR", "")], &[], Terminal, true),
        (&[("NO_COLOR", "1")], &[], Terminal, false),
        (&[], &["--color", "auto"], Terminal, true),
        // always and never: whatever the terminal and NO_COLOR say.
        (&[], &["--color", "always"], Pipe, true),
        (&[("NO_COLOR", "1")], &["--color", "always"], Pipe, true),
        (&[], &["--color", "never"], Terminal, false),
        (&[("NO_COLOR", "")], &["--color", "never"], Pipe, false),
    ];
    for (env, flags, out, coloured) in cases {
        let dir = project();
        let mut args = vec!["feature", "smoke_test"];
        args.extend_from_slice(flags);
        let stdout = run_colour(dir.path(), &args, env, *out);
        let what = format!("{env:?} {flags:?} {out:?}");
        assert_eq!(stdout.contains('\x1b'), *coloured, "{what}: {stdout:?}");
        if *coloured {
            assert!(stdout.contains("\x1b[1;32m     created\x1b[0m"), "{what}");
        } else {
            assert_eq!(stdout, SUMMARY, "{what}");
        }
    }
}

#[test]
fn quiet_prints_nothing_on_success_and_still_reports_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["init", "demo", "--quiet"], b"");
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    let dir = tmp.path().join("demo");
    for args in [
        &["-q", "feature", "smoke_test"][..],
        &["-q", "feature", "smoke_test"],
        &["check", "-q"],
        &["remove", "smoke_test", "--quiet"],
        &["templates", "export", "tpl", "-q"],
    ] {
        let r = run_in(&dir, args, b"");
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (0, "", ""),
            "{args:?}"
        );
    }
    assert!(dir.join("tpl/feature/schema.py.tera").is_file());
    // A failing check still prints its findings; a refused run still says why.
    // (An endpoint module binds a router; a module without one is a helper, SPEC §11b.)
    let orphan = "from fastapi import APIRouter\n\nrouter = APIRouter()\n";
    std::fs::write(dir.join("petsage/api/v1/endpoints/orphan.py"), orphan).unwrap();
    let r = run_in(&dir, &["check", "-q"], b"");
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("E001"), "{}", r.stdout);
    let r = run_in(&dir, &["feature", "orphan", "-q"], b"");
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
}

/// The `next:` hint names the program so that it runs: `petsage-build` when that is this
/// program on PATH, else (as after `cargo run`) the path it was run by. One line.
#[cfg(unix)]
#[test]
fn init_says_what_to_do_next() {
    let bin = assert_cmd::cargo::cargo_bin("petsage-build");
    assert!(bin.is_absolute(), "{}", bin.display());
    // PATH without any petsage-build (one installed with `cargo install` included).
    let path: Vec<_> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("petsage-build").exists())
        .collect();
    let without = std::env::join_paths(&path).unwrap();

    // Not on PATH: the path the binary was run by.
    let tmp = tempfile::tempdir().unwrap();
    let r = run_env(
        tmp.path(),
        &["init", "demo"],
        b"",
        &[("PATH", without.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = format!(
        "next: cd demo && {} feature smoke_test && pytest\n",
        bin.display()
    );
    assert!(r.stdout.ends_with(&want), "{}", r.stdout);
    assert_eq!(r.stdout.matches("next:").count(), 1, "{}", r.stdout);

    // On PATH (a link to this very binary): its name.
    let tmp = tempfile::tempdir().unwrap();
    let bindir = tmp.path().join("bin");
    std::fs::create_dir(&bindir).unwrap();
    std::os::unix::fs::symlink(&bin, bindir.join("petsage-build")).unwrap();
    let mut dirs = vec![bindir];
    dirs.extend(path.iter().cloned());
    let with_bin = std::env::join_paths(dirs).unwrap();
    let r = run_env(
        tmp.path(),
        &["init", "demo"],
        b"",
        &[("PATH", with_bin.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .ends_with("next: cd demo && petsage-build feature smoke_test && pytest\n"),
        "{}",
        r.stdout
    );

    // Another program of that name on PATH is not this one: the path again.
    let tmp = tempfile::tempdir().unwrap();
    let bindir = tmp.path().join("bin");
    std::fs::create_dir(&bindir).unwrap();
    std::fs::write(bindir.join("petsage-build"), "#!/bin/sh\n").unwrap();
    let mut dirs = vec![bindir];
    dirs.extend(path.iter().cloned());
    let with_other = std::env::join_paths(dirs).unwrap();
    let r = run_env(
        tmp.path(),
        &["init", "demo"],
        b"",
        &[("PATH", with_other.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.ends_with(&want), "{}", r.stdout);
}

/// Bytes a terminal obeys: ESC (CSI, OSC), BEL, a lone CR, C1 CSI, a bidi override.
fn obeyed(s: &str) -> Option<char> {
    s.replace("\r\n", "\n").chars().find(|c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn terminal_controls_in_names_and_contents_are_shown_escaped() {
    let dir = project();
    let r = run_in(dir.path(), &["feature", "smoke_test"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A hostile file name in the endpoints directory, a hostile record, and an edit with
    // escapes in the generated schema.
    let evil = "x\x1b]0;pwned\x07\x1b[2J\u{9b}31m\u{202e}y\r";
    std::fs::write(
        dir.path()
            .join(format!("petsage/api/v1/endpoints/{evil}.py")),
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!(".petsage-build/{evil}.yaml")),
        format!("version: 1\nfeature: \"{evil}\"\n"),
    )
    .unwrap();
    let schema = dir.path().join("petsage/api/v1/schemas/smoke_test.py");
    let mut text = std::fs::read_to_string(&schema).unwrap();
    text.push_str(&format!("# {evil}\n"));
    std::fs::write(&schema, text).unwrap();
    let runs: &[&[&str]] = &[
        &["check"],
        &["check", "--format", "github"],
        &["check", "--format", "json"],
        &["list"],
        &["list", "--format", "json"],
        &["feature", "smoke_test", "--dry-run", "--force"],
        &["remove", "smoke_test", "--dry-run", "--force"],
    ];
    for args in runs {
        let r = run_in(dir.path(), args, b"");
        assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
        for (what, out) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
            assert_eq!(obeyed(out), None, "{args:?} {what}: {out:?}");
        }
    }
    // The JSON still carries the real characters, only escaped.
    let r = run_in(dir.path(), &["check", "--format", "json"], b"");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v.to_string().contains('\u{202e}'), "{}", r.stdout);
}

#[test]
fn request_text_and_errors_are_shown_escaped() {
    // Descriptions refuse C0 controls; examples are any string; bidi controls are text.
    let req = r#"{"feature": "demo", "description": "desc \u202ereversed",
        "response": {"fields": [
            {"name": "s", "type": "str", "example": "\u001b]0;pwned\u0007\u009b2J"}]}}"#;
    for format in ["text", "yaml", "json"] {
        let r = run(
            &["decode", &common::b64(req.as_bytes()), "--format", format],
            b"",
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(obeyed(&r.stdout), None, "{format}: {:?}", r.stdout);
    }
    // An error naming a hostile file: one line, escaped.
    let r = run(&["encode", "no\x1b]8;;such\nfile"], b"");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{:?}", r.stderr);
    assert_eq!(obeyed(r.stderr.trim_end()), None, "{:?}", r.stderr);
}
