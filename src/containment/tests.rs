use super::*;

/// The handle calls on a plain tree, on every platform: an identity survives a rename
/// and is shared by a hard link, exclusive creation fails on any existing entry, and a
/// directory is not read as a file.
#[test]
fn calls_in_an_opened_directory_keep_identities() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    let mut made = Vec::new();
    let d = dir_create(&root, "a/b", &mut made).unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(Some(Entry::Dir { ident: made[1].1 }), {
        let a = dir(&root, "a").unwrap().unwrap();
        a.entry("b").unwrap()
    });
    let mut f = d.create_new("t", 0o644).unwrap();
    std::io::Write::write_all(&mut f, b"new").unwrap();
    let id = ident_of(&f).unwrap();
    drop(f);
    assert!(d.create_new("t", 0o644).is_err());
    d.rename("t", "f").unwrap();
    assert!(matches!(d.entry("f").unwrap(), Some(Entry::File { ident, .. }) if ident == id));
    d.hard_link("f", "g").unwrap();
    assert!(d.hard_link("f", "g").is_err());
    assert!(matches!(d.entry("g").unwrap(), Some(Entry::File { ident, .. }) if ident == id));
    let names: Vec<String> = d.entries().unwrap().into_iter().map(|e| e.0).collect();
    assert_eq!(names, ["f", "g"]);
    assert_eq!(read(&root, "a/b/g").unwrap().as_deref(), Some(&b"new"[..]));
    let top = dir(&root, "").unwrap().unwrap();
    let e = top.read("a").unwrap_err();
    assert!(e.to_string().contains("a directory"), "{e}");
    assert_eq!(crate::exit::status_of(&e), crate::exit::ExitStatus::Error);
    assert!(top.subdir("none").unwrap().is_none());
    d.unlink("f").unwrap();
    d.unlink("g").unwrap();
    assert_eq!(d.entry("g").unwrap(), None);
    let a = top.subdir("a").unwrap().unwrap();
    assert_eq!(a.ident().unwrap(), made[0].1);
    a.rmdir("b").unwrap();
    assert!(dir(&root, "a/b").unwrap().is_none());
}

/// The names Windows would read as another file's (checked in `parts` on Windows only).
#[test]
fn windows_aliases_are_told_apart_from_ordinary_names() {
    for alias in [
        "a\\b",
        "b:s",
        "C:",
        "b.",
        "b ",
        "nul",
        "NUL.py",
        "con .txt",
        "com1.txt",
        "LPT9",
        "GIT~1",
        "PROGRA~2.D",
        "~1",
    ] {
        assert!(windows_alias(alias), "{alias}");
    }
    for name in [
        "com10",
        "lpt",
        "console.py",
        "nully",
        "x~y.py",
        ".git",
        "a.b",
    ] {
        assert!(!windows_alias(name), "{name}");
    }
}

#[cfg(unix)]
#[test]
fn links_on_the_way_or_at_the_end_are_refused_and_missing_parts_are_none() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::write(root.join("a/b/f"), "x").unwrap();
    symlink("b", root.join("a/l")).unwrap();
    symlink("f", root.join("a/b/lf")).unwrap();
    assert_eq!(read(&root, "a/b/f").unwrap().as_deref(), Some(&b"x"[..]));
    assert_eq!(read(&root, "a/b/none").unwrap(), None);
    assert_eq!(read(&root, "a/none/f").unwrap(), None);
    assert_eq!(read(&root, "a/b/f/g").unwrap(), None);
    for rel in ["a/l/f", "a/b/lf"] {
        let e = read(&root, rel).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(matches!(e.downcast_ref::<Error>(), Some(Error::Refused(_))));
    }
    for bad in ["", "../x", "/etc/passwd", "a//b", "a/./b"] {
        assert!(read(&root, bad).is_err(), "{bad}");
    }
    let mut made = Vec::new();
    let d = dir_create(&root, "a/c/d", &mut made).unwrap();
    assert_eq!(d.rel, "a/c/d");
    assert_eq!(
        made.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
        ["a/c", "a/c/d"]
    );
    assert!(dir_create(&root, "a/l/x", &mut made).is_err());
    // Exclusive creation never goes through a link, dangling or not.
    let b = dir(&root, "a/b").unwrap().unwrap();
    symlink(root.join("victim"), root.join("a/b/t")).unwrap();
    assert!(b.create_new("t", 0o644).is_err());
    assert!(!root.join("victim").exists());
}

/// A junction (which any user can make, unlike a symbolic link) on the way or at the
/// end is refused, and a part that Windows would read as another name is invalid.
#[cfg(windows)]
#[test]
fn junctions_are_refused_and_windows_aliases_are_invalid() {
    let tmp = tempfile::tempdir().unwrap();
    // Not canonicalised: `mklink` takes no `\\?\` path.
    let root = tmp.path().to_path_buf();
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::fs::write(root.join("a/b/f"), "x").unwrap();
    let made = std::process::Command::new("cmd")
        .current_dir(root.join("a"))
        .args(["/C", "mklink", "/J", "j"])
        .arg(root.join("a").join("b"))
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(read(&root, "a/b/f").unwrap().as_deref(), Some(&b"x"[..]));
    for rel in ["a/j/f", "a/j"] {
        let e = match rel {
            "a/j" => dir(&root, rel).unwrap_err(),
            _ => read(&root, rel).unwrap_err(),
        };
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(matches!(e.downcast_ref::<Error>(), Some(Error::Refused(_))));
    }
    assert!(dir_create(&root, "a/j/x", &mut Vec::new()).is_err());
    assert!(!root.join("a/b/x").exists());
    for bad in ["a\\b", "a/b:s", "a/NUL.py", "GIT~1/x"] {
        let e = read(&root, bad).unwrap_err();
        assert!(e.to_string().contains("as another name"), "{bad}: {e}");
    }
}
