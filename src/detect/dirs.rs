//! Where a feature's modules go: the endpoints package the aggregator already includes
//! from, directories beside it named like schemas/services/tests, or new ones under the
//! package; and the API version, from the mount prefix or a `vN` package.

use std::collections::BTreeMap;

use super::aggregator::routers_of;
use super::scan::{MAX_DEPTH, is_skipped};
use super::{App, Detector, PerFeature, RouterRef};

impl Detector<'_> {
    /// The package whose modules the aggregator imports and includes.
    /// The directory, why, and whether it exists (not a new one).
    pub(super) fn endpoints_dir(&mut self, agg: &RouterRef) -> (Option<String>, String, bool) {
        let src = agg.source.clone();
        let within = self.within(&src.rel);
        let mut modules: Vec<String> = Vec::new();
        for v in routers_of(&src, &agg.var) {
            for (arg, _) in src.parsed.includes(&v) {
                let path = src.parsed.resolve(&arg, &within);
                let Some((module, _)) = path.rsplit_once('.') else {
                    continue;
                };
                if let Some(rel) = self.file_of(module)
                    && rel != src.rel
                    && !modules.contains(&module.to_string())
                {
                    modules.push(module.to_string());
                }
            }
        }
        // A feature's own package (`dispatch/feedback/service/views.py`) is never the
        // schemas or services directory, whatever it is called.
        self.routed_dirs = modules
            .iter()
            .filter_map(|m| self.file_of(m))
            .filter_map(|rel| rel.rsplit_once('/').map(|(d, _)| d.to_string()))
            .collect();
        if modules.is_empty() {
            return (
                None,
                format!("{} includes no router of another project module", src.rel),
                false,
            );
        }
        let mut by_package: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in &modules {
            let (package, leaf) = m.rsplit_once('.').unwrap_or(("", m));
            by_package
                .entry(package.to_string())
                .or_default()
                .push(leaf.to_string());
        }
        let (package, leaves) = by_package
            .iter()
            .max_by_key(|(p, l)| (l.len(), std::cmp::Reverse((*p).clone())))
            .map(|(p, l)| (p.clone(), l.clone()))
            .unwrap_or_default();
        let total = modules.len();
        if leaves.len() * 2 <= total || package.is_empty() {
            let leaf_names: Vec<&str> = modules
                .iter()
                .map(|m| m.rsplit('.').next().unwrap_or(m))
                .collect();
            let same_leaf = leaf_names.windows(2).all(|w| w[0] == w[1]);
            let common = common_package(&modules);
            // Each module is `{common}.{feature}.{leaf}`: one package per feature, right
            // below a common one.
            let per_feature = same_leaf
                && total > 1
                && modules
                    .iter()
                    .all(|m| m.matches('.').count() == common_depth(&common) + 1);
            if per_feature {
                let leaf = leaf_names[0].to_string();
                let features = modules
                    .iter()
                    .filter_map(|m| {
                        let package = m.rsplit_once('.')?.0.to_string();
                        Some((package, self.file_of(m)?))
                    })
                    .collect();
                let pattern = format!("{}{{name}}/{leaf}.py", self.dir_of(&common));
                self.per_feature = Some(PerFeature {
                    pattern: pattern.clone(),
                    features,
                });
                return (
                    None,
                    format!(
                        "the {total} modules whose routers the aggregator includes are one \
                         package per feature ({pattern}): the endpoint pattern replaces it"
                    ),
                    false,
                );
            }
            let why = if same_leaf && total > 1 {
                format!(
                    "the {total} modules whose routers the aggregator includes are one package per feature \
                     ({}<name>/{}.py), not all below one package",
                    self.dir_of(&common),
                    leaf_names[0]
                )
            } else {
                format!(
                    "the {total} modules the aggregator includes share no package (at most \
                     {} in one)",
                    leaves.len()
                )
            };
            let (value, why) = self.new_dir_raw("api/{v}/endpoints", why);
            return (value, why, false);
        }
        let dir = format!("{}{}", self.prefix, package.replace('.', "/"));
        (
            Some(dir),
            format!(
                "the package of {} of the {total} modules the aggregator includes ({})",
                leaves.len(),
                leaves.join(", ")
            ),
            true,
        )
    }

    /// `pkg.sub` as a directory below the root, with a trailing `/`.
    pub(super) fn dir_of(&self, package: &str) -> String {
        if package.is_empty() {
            self.prefix.clone()
        } else {
            format!("{}{}/", self.prefix, package.replace('.', "/"))
        }
    }

    /// A key not found: left out when the default (`{package}/...`) is inside the
    /// import root; else the default placed under the import root, as a new directory.
    pub(super) fn new_dir(
        &self,
        package: Option<&str>,
        default: &str,
        what: &str,
    ) -> (Option<String>, String) {
        let why = match package {
            Some(p) => format!("no {what} directory in {}{p}/", self.prefix),
            None => format!("no {what} directory found"),
        };
        self.new_dir_raw(default, why)
    }

    pub(super) fn new_dir_raw(&self, default: &str, why: String) -> (Option<String>, String) {
        // The default's `api/vN/` is PetSage's own layout: a project without that package
        // gets the directory in its package, never a new `api/vN` package (SPEC §11b).
        if let (Some(package), Some(leaf)) = (&self.package, default.strip_prefix("api/{v}/")) {
            let version = self.version.as_deref().unwrap_or("v1");
            if !self.is_dir(&format!("{}{package}/api/{version}", self.prefix)) {
                return (
                    Some(format!("{}{package}/{leaf}", self.prefix)),
                    format!(
                        "{why}: a new directory in the package ({package}/ has no \
                         api/{version}/, which the default {package}/api/{version}/{leaf} \
                         would create)"
                    ),
                );
            }
        }
        if self.prefix.is_empty() {
            return (
                None,
                format!("{why} (the default, a new directory, applies)"),
            );
        }
        let Some(package) = &self.package else {
            return (None, why);
        };
        let version = self.version.as_deref().unwrap_or("v1");
        let dir = format!(
            "{}{package}/{}",
            self.prefix,
            default.replace("{v}", version)
        );
        (
            Some(dir),
            format!(
                "{why}: a new directory (the default, {package}/{}, would be outside {})",
                default.replace("{v}", version),
                self.prefix
            ),
        )
    }

    /// The per-feature pattern of the modules named like one of `names` (in that order
    /// of preference) that most feature packages have, as files or as modules their
    /// endpoint module imports (`from .schemas import ...`): `src/{name}/schemas.py`.
    pub(super) fn feature_sibling(&mut self, names: &[&str]) -> Option<(String, String)> {
        let per = self.per_feature.clone()?;
        let (dir, _) = per.pattern.rsplit_once("{name}/")?;
        let mut counts = vec![0usize; names.len()];
        for (package, rel) in &per.features {
            let Some(src) = self.source(rel) else {
                continue;
            };
            let imported = src.parsed.imported_modules(&self.within(rel));
            let feature_dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
            for (i, name) in names.iter().enumerate() {
                let module = format!("{package}.{name}");
                if imported.contains(&module)
                    || self.root.join(format!("{feature_dir}/{name}.py")).is_file()
                {
                    counts[i] += 1;
                }
            }
        }
        let total = per.features.len();
        let (i, n) = counts
            .iter()
            .enumerate()
            .find(|(_, n)| **n * 2 > total)
            .map(|(i, n)| (i, *n))?;
        Some((
            format!("{dir}{{name}}/{}.py", names[i]),
            format!(
                "{n} of the {total} feature packages have a {}.py (imported by their endpoint \
                 module, or beside it)",
                names[i]
            ),
        ))
    }

    /// The directory below `pkg` named like one of `names` (in that order of
    /// preference), nearest to the endpoints directory, not one already taken.
    pub(super) fn named_dir(
        &self,
        pkg: &str,
        names: &[&str],
        near: Option<&str>,
        taken: &[String],
    ) -> Option<String> {
        let mut found: Vec<String> = Vec::new();
        let mut stack = vec![(pkg.to_string(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for e in entries.flatten() {
                if !e.file_type().is_ok_and(|t| t.is_dir()) {
                    continue;
                }
                let name = e.file_name().to_string_lossy().into_owned();
                if is_skipped(&name) {
                    continue;
                }
                let path = format!("{dir}/{name}");
                if names.contains(&name.as_str())
                    && !taken.contains(&path)
                    && !self.routed_dirs.contains(&path)
                {
                    found.push(path.clone());
                }
                if depth < MAX_DEPTH {
                    stack.push((path, depth + 1));
                }
            }
        }
        let rank = |p: &String| {
            let name = p.rsplit('/').next().unwrap_or("");
            let pref = names.iter().position(|n| *n == name).unwrap_or(names.len());
            let shared = near.map_or(0, |n| common_prefix_parts(n, p));
            (
                pref,
                std::cmp::Reverse(shared),
                p.matches('/').count(),
                p.clone(),
            )
        };
        found.into_iter().min_by_key(rank)
    }

    /// The tests directory: one mirroring the endpoints directory (`tests/api/routes`,
    /// `tests/test_api/test_routes`), else `tests/` (or `test/`), else the package's.
    pub(super) fn tests_dir(
        &self,
        pkg: Option<&str>,
        endpoints: Option<&str>,
    ) -> (Option<String>, String) {
        let parts: Vec<String> = match (pkg, endpoints) {
            (Some(p), Some(e)) => e
                .strip_prefix(p)
                .unwrap_or("")
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        // The singular `test/` too, after the plural.
        let bases: Vec<String> = ["tests", "test"]
            .into_iter()
            .map(str::to_string)
            .chain(
                pkg.into_iter()
                    .flat_map(|p| [format!("{p}/tests"), format!("{p}/test")]),
            )
            .collect();
        for base in &bases {
            for k in (1..=parts.len()).rev() {
                let tail = &parts[parts.len() - k..];
                for prefixed in [false, true] {
                    let mirror: Vec<String> = tail
                        .iter()
                        .map(|s| {
                            if prefixed {
                                format!("test_{s}")
                            } else {
                                s.clone()
                            }
                        })
                        .collect();
                    let dir = format!("{base}/{}", mirror.join("/"));
                    if self.is_dir(&dir) {
                        return (
                            Some(dir),
                            format!(
                                "an existing test directory mirroring {}",
                                endpoints.unwrap_or("")
                            ),
                        );
                    }
                }
            }
        }
        for base in &bases {
            if self.is_dir(base) {
                return (
                    Some(base.clone()),
                    format!(
                        "an existing {base}/ directory (no mirror of the endpoints directory in it)"
                    ),
                );
            }
        }
        (None, "no tests/ directory".into())
    }

    /// The API version: a `vN` package on the aggregator's or the endpoints' path, else
    /// an `"/api/vN"` literal in main.
    pub(super) fn api_version(
        &self,
        agg: &Option<(RouterRef, String)>,
        endpoints: Option<&str>,
        app: &Option<App>,
    ) -> Option<(String, String)> {
        let paths = agg
            .iter()
            .map(|(a, _)| a.source.rel.as_str())
            .chain(endpoints);
        for p in paths {
            if let Some(v) = p.split('/').find(|s| is_version(s)) {
                return Some((v.to_string(), format!("the {v}/ package in {p}")));
            }
        }
        let main = app.as_ref()?;
        let text = &main.source.text;
        let at = text.find("\"/api/v").or_else(|| text.find("'/api/v"))?;
        let rest = &text[at + 6..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let v = &rest[..end];
        is_version(v).then(|| {
            (
                v.to_string(),
                format!("the \"/api/{v}\" prefix in {}", main.source.rel),
            )
        })
    }
}

/// How many dots a module path below `common` starts with: the parts of `common`.
fn common_depth(common: &str) -> usize {
    if common.is_empty() {
        0
    } else {
        common.matches('.').count() + 1
    }
}

pub(super) fn is_version(s: &str) -> bool {
    s.len() > 1 && s.starts_with('v') && s[1..].chars().all(|c| c.is_ascii_digit())
}

pub(super) fn common_package(modules: &[String]) -> String {
    let split: Vec<Vec<&str>> = modules.iter().map(|m| m.split('.').collect()).collect();
    let mut common: Vec<&str> = Vec::new();
    if let Some(first) = split.first() {
        for (i, part) in first.iter().enumerate() {
            if split.iter().all(|s| s.get(i) == Some(part)) {
                common.push(part);
            } else {
                break;
            }
        }
    }
    common.join(".")
}

pub(super) fn common_prefix_parts(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}
