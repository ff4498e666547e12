//! Where a project's packaging config says its packages live (their import root), read
//! from pyproject.toml once for `config` (the default of `import_root`) and `detect`
//! (which says why): setuptools' `packages.find.where` or `package-dir`, hatch's
//! `packages`, poetry's `packages`, uv_build's `module-root`.

/// The directory the packaging config names, relative to the root (empty: the root),
/// and which key said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub dir: String,
    pub why: String,
    /// Poetry's `include = "src"`: src/ itself is packaged, which holds only where src/
    /// is a directory (the caller looks).
    pub src_included: bool,
}

/// The import root the packaging config of `doc` (a pyproject.toml) declares, if any.
pub fn declared_root(doc: &toml::Table) -> Option<Declared> {
    let get = |path: &[&str]| -> Option<&toml::Value> {
        let mut v = doc.get(path[0])?;
        for key in &path[1..] {
            v = v.get(key)?;
        }
        Some(v)
    };
    // A key may hold a string or a list of them: the first is the one.
    let first_str = |v: Option<&toml::Value>| -> Option<String> {
        match v? {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Array(a) => a.iter().find_map(|x| x.as_str().map(str::to_string)),
            _ => None,
        }
    };
    let clean = |s: &str| {
        let s = s.trim_matches('/').trim_start_matches("./");
        if s == "." {
            String::new()
        } else {
            s.to_string()
        }
    };
    let found = |dir: String, why: String| {
        Some(Declared {
            dir,
            why,
            src_included: false,
        })
    };
    if let Some(w) = first_str(get(&["tool", "setuptools", "packages", "find", "where"])) {
        return found(
            clean(&w),
            format!("setuptools: [tool.setuptools.packages.find] where = [\"{w}\"]"),
        );
    }
    if let Some(d) = first_str(get(&["tool", "setuptools", "package-dir", ""])) {
        return found(
            clean(&d),
            format!("setuptools: [tool.setuptools] package-dir = {{\"\" = \"{d}\"}}"),
        );
    }
    let hatch = first_str(get(&[
        "tool", "hatch", "build", "targets", "wheel", "packages",
    ]))
    .map(|p| (p, "[tool.hatch.build.targets.wheel] packages"))
    .or_else(|| {
        first_str(get(&["tool", "hatch", "build", "packages"]))
            .map(|p| (p, "[tool.hatch.build] packages"))
    });
    if let Some((p, key)) = hatch {
        let p = clean(&p);
        let parent = p.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        return found(parent, format!("hatch: {key} = [\"{p}\"]"));
    }
    if let Some(entry) = get(&["tool", "poetry", "packages"])
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
    {
        let include = entry.get("include").and_then(|v| v.as_str()).unwrap_or("");
        return match entry.get("from").and_then(|v| v.as_str()) {
            Some(from) => found(
                clean(from),
                format!("poetry: packages = [{{ include = \"{include}\", from = \"{from}\" }}]"),
            ),
            // `include = "src"` packages src/ itself; the app still imports as if src/
            // were the root (src/ is never a package here).
            None if include == "src" => Some(Declared {
                dir: "src".into(),
                why: "poetry: packages = [{ include = \"src\" }]: the packages live in src/".into(),
                src_included: true,
            }),
            None => None,
        };
    }
    if let Some(m) = first_str(get(&["tool", "uv", "build-backend", "module-root"])) {
        return found(
            clean(&m),
            format!("uv: [tool.uv.build-backend] module-root = \"{m}\""),
        );
    }
    if get(&["build-system", "build-backend"]).and_then(|v| v.as_str()) == Some("uv_build") {
        return found(
            "src".into(),
            "uv_build, whose module-root defaults to \"src\"".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(toml: &str) -> Option<String> {
        declared_root(&toml.parse().unwrap()).map(|d| d.dir)
    }

    #[test]
    fn each_backend_names_the_root_its_own_way() {
        for (text, want) in [
            (
                "[tool.setuptools.packages.find]\nwhere = [\"lib\"]\n",
                Some("lib"),
            ),
            (
                "[tool.setuptools.package-dir]\n\"\" = \"./src/\"\n",
                Some("src"),
            ),
            (
                "[tool.hatch.build.targets.wheel]\npackages = [\"src/app\"]\n",
                Some("src"),
            ),
            ("[tool.hatch.build]\npackages = [\"app\"]\n", Some("")),
            (
                "[tool.poetry]\npackages = [{ include = \"app\", from = \"lib\" }]\n",
                Some("lib"),
            ),
            (
                "[tool.poetry]\npackages = [{ include = \"src\" }]\n",
                Some("src"),
            ),
            ("[tool.poetry]\npackages = [{ include = \"app\" }]\n", None),
            ("[tool.uv.build-backend]\nmodule-root = \".\"\n", Some("")),
            (
                "[build-system]\nbuild-backend = \"uv_build\"\n",
                Some("src"),
            ),
            ("[project]\nname = \"x\"\n", None),
        ] {
            assert_eq!(dir(text).as_deref(), want, "{text}");
        }
    }
}
