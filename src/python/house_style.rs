//! The house style of an aggregator (SPEC §11): how it imports its endpoint modules
//! (`ImportStyle`) and which arguments every endpoint include shares (`IncludePattern`),
//! so that `plan::feature` writes a new import and include the way the neighbours are written.

use super::model::{self};
use super::parsed_module::{ParsedModule, name_in};
use crate::naming::{Case, spell};
use crate::pyrules::is_identifier;

/// The arguments every endpoint include on the router shares (SPEC §11 "house style"):
/// `prefix="/<name>"`, `tags=["<name>"]`, and keywords written the same for all
/// (`dependencies=[Depends(auth)]`), in the order the siblings write them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncludePattern {
    pub prefix: Option<Case>,
    pub tags: Option<Case>,
    /// `(keyword, value as written)` shared verbatim by every sibling.
    pub same: Vec<(String, String)>,
    /// The keywords in the siblings' order.
    pub order: Vec<String>,
}

/// How a file imports its endpoint modules (see [`ParsedModule::import_style`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportStyle {
    /// `from .endpoints import x` rather than `from pkg.api.endpoints import x`.
    pub relative: bool,
    /// `from pkg.endpoints.x import router as x{suffix}` rather than
    /// `from pkg.endpoints import x`, with the suffix the neighbours use (`_router`).
    pub router_suffix: Option<String>,
}

impl ParsedModule {
    /// How the file imports the modules of the package `package` (its endpoint modules),
    /// so that a new import looks like its neighbours: the majority decides.
    /// `prefix` and `suffix` surround a feature's name in its endpoint module
    /// (`"app.api.routes."` and `""`, or `"app."` and `".views"`).
    pub fn import_style(&self, prefix: &str, suffix: &str, within: &str) -> ImportStyle {
        let package = prefix.trim_end_matches('.');
        let (mut relative, mut absolute, mut modules, mut routers) = (0, 0, 0, 0);
        let mut suffixes: Vec<String> = Vec::new();
        for f in self.module.from_imports.iter().filter(|f| f.direct) {
            let Some(module) = super::refs::resolve_path(f.level, &f.dotted, within) else {
                continue;
            };
            let counted = if suffix.is_empty() && module == package {
                modules += f.members.len();
                true
            } else if let Some(child) = name_in(&module, prefix, suffix)
                .filter(|c| module.len() == prefix.len() + c.len() + suffix.len())
            {
                // `router as <alias>`: the router form, whatever the alias (`logs` may be
                // imported as `log_router`); the suffix is learnt where it follows the
                // module's name.
                let aliased: Vec<&str> = f
                    .members
                    .iter()
                    .filter(|x| x.name == "router")
                    .filter_map(|x| x.alias.as_deref())
                    .collect();
                suffixes.extend(
                    aliased
                        .iter()
                        .filter_map(|a| a.strip_prefix(&child))
                        .map(str::to_string),
                );
                routers += aliased.len();
                !aliased.is_empty()
            } else {
                false
            };
            if counted {
                if f.level > 0 {
                    relative += 1;
                } else {
                    absolute += 1;
                }
            }
        }
        let router_suffix = (routers > modules)
            .then(|| {
                let mut counts: Vec<(usize, &String)> = suffixes
                    .iter()
                    .map(|s| (suffixes.iter().filter(|t| *t == s).count(), s))
                    .collect();
                counts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                // Aliases that do not follow the module's name (`logs` as `log_router`):
                // the usual suffix.
                Some(
                    counts
                        .first()
                        .map_or_else(|| "_router".to_string(), |(_, s)| (*s).clone()),
                )
            })
            .flatten()
            .filter(|s| s.is_empty() || is_identifier(&format!("x{s}")));
        ImportStyle {
            relative: relative > absolute,
            router_suffix,
        }
    }

    /// What a dotted expression refers to through the file's top-level imports, as an
    /// absolute path (`app.api.routes.api.router` for `api_router` after
    /// `from app.api.routes.api import router as api_router`); the text itself when its
    /// head is not imported. `within` is the file's package.
    /// What the top-level includes of endpoint modules on `router` have in common, when
    /// there are at least two and they agree (see [`IncludePattern`]).
    pub fn include_pattern(
        &self,
        router: &str,
        (prefix, suffix): (&str, &str),
        within: &str,
    ) -> Option<IncludePattern> {
        let siblings: Vec<(String, &model::Include)> = self
            .module
            .includes
            .iter()
            .filter(|i| i.router == router && i.statement.is_some())
            .filter_map(|i| {
                let path = self.module.canonical(i.first_arg.as_deref()?, within);
                Some((name_in(&path, prefix, suffix)?, i))
            })
            .collect();
        if siblings.len() < 2 {
            return None;
        }
        let order: Vec<String> = siblings[0]
            .1
            .keywords
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        if siblings
            .iter()
            .any(|(_, i)| i.keywords.iter().map(|(k, _)| k).ne(order.iter()))
        {
            return None;
        }
        let value = |i: &model::Include, key: &str| {
            i.keywords
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        // Where single-word names cannot tell cases apart, URLs take kebab case and tags
        // snake case.
        let case_of = |key: &str, wrap: fn(&str) -> String| -> Option<Case> {
            let cases = if key == "prefix" {
                [Case::Kebab, Case::Snake, Case::Title]
            } else {
                [Case::Snake, Case::Title, Case::Kebab]
            };
            cases.into_iter().find(|case| {
                siblings
                    .iter()
                    .all(|(name, i)| value(i, key).is_some_and(|v| v == wrap(&spell(name, *case))))
            })
        };
        let pattern = IncludePattern {
            prefix: order
                .iter()
                .any(|k| k == "prefix")
                .then(|| case_of("prefix", |n| format!("\"/{n}\"")))
                .flatten(),
            tags: order
                .iter()
                .any(|k| k == "tags")
                .then(|| case_of("tags", |n| format!("[\"{n}\"]")))
                .flatten(),
            same: order
                .iter()
                .filter(|k| *k != "prefix" && *k != "tags")
                .filter_map(|k| {
                    // One line of plain code: what an include argument list may carry.
                    let first =
                        value(siblings[0].1, k).filter(|v| !v.contains(['\n', '\r', '#']))?;
                    siblings
                        .iter()
                        .all(|(_, i)| value(i, k).as_deref() == Some(first.as_str()))
                        .then(|| (k.clone(), first))
                })
                .collect(),
            order,
        };
        // Keywords that vary in a way not understood: no pattern to follow.
        let understood = pattern.order.iter().all(|k| match k.as_str() {
            "prefix" => pattern.prefix.is_some(),
            "tags" => pattern.tags.is_some(),
            k => pattern.same.iter().any(|(s, _)| s == k),
        });
        understood.then_some(pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_style_follows_the_majority_of_endpoint_imports() {
        let style = |code: &str| {
            ParsedModule::new(code)
                .map(|p| p.import_style("app.api.routes.", "", "app.api"))
                .unwrap_or_default()
        };
        assert_eq!(style("x = 1\n"), ImportStyle::default());
        assert_eq!(
            style("from app.api.routes import a, b\n"),
            ImportStyle::default()
        );
        assert_eq!(
            style("from .routes import a, b\n"),
            ImportStyle {
                relative: true,
                router_suffix: None
            }
        );
        let routers = "from app.api.routes.a import router as a_router\nfrom .routes.b import router as b_router\nfrom .routes.c import router as c_router\n";
        assert_eq!(
            style(routers),
            ImportStyle {
                relative: true,
                router_suffix: Some("_router".into())
            }
        );
        // Aliases unlike the module's name still say "router form".
        let unlike = "from .routes.logs import router as log_router\nfrom .routes.apis import router as api_router\n";
        assert_eq!(
            style(unlike),
            ImportStyle {
                relative: true,
                router_suffix: Some("_router".into())
            }
        );
        // Other packages do not count.
        assert_eq!(
            style("from fastapi import APIRouter\nfrom .deps import x as y\n"),
            ImportStyle::default()
        );
    }

    #[test]
    fn include_pattern_is_what_every_sibling_shares() {
        let pattern = |code: &str| {
            ParsedModule::new(code)
                .ok()
                .and_then(|p| p.include_pattern("r", ("app.routes.", ""), "app"))
        };
        let shared = "from app.routes import items, user_groups\nr.include_router(items.router, prefix=\"/items\", tags=[\"Items\"], dependencies=[Depends(auth)])\nr.include_router(user_groups.router, prefix=\"/user-groups\", tags=[\"User Groups\"], dependencies=[Depends(auth)])\n";
        assert_eq!(
            pattern(shared),
            Some(IncludePattern {
                prefix: Some(Case::Kebab),
                tags: Some(Case::Title),
                same: vec![("dependencies".into(), "[Depends(auth)]".into())],
                order: vec!["prefix".into(), "tags".into(), "dependencies".into()],
            })
        );
        // One sibling, differing keywords, or a prefix unlike the name: nothing to follow.
        assert_eq!(
            pattern("from app.routes import a\nr.include_router(a.router, prefix=\"/a\")\n"),
            None
        );
        let differ = "from app.routes import a, b\nr.include_router(a.router, prefix=\"/a\")\nr.include_router(b.router)\n";
        assert_eq!(pattern(differ), None);
        let odd = "from app.routes import a, b\nr.include_router(a.router, prefix=\"/x\")\nr.include_router(b.router, prefix=\"/b\")\n";
        assert_eq!(pattern(odd), None);
        assert_eq!(spell("user_groups", Case::Title), "User Groups");
    }
}
