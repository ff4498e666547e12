//! The dependency the project's routes are protected by (SPEC §15): `detect` counts the
//! `Depends(f)` of the `dependencies=` on includes, routers and route decorators, and
//! proposes the most used as a named dependency (`current_user` where it names a user),
//! which `auth: required` and `endpoint.dependencies` then use.

use std::collections::BTreeMap;

use super::Detector;
use crate::python::dependency_values;

impl Detector<'_> {
    /// `{ name = "module:attr" }` for the most used dependency, and why; `Err` says why
    /// none is proposed.
    pub(super) fn route_dependencies(
        &mut self,
        files: &[String],
    ) -> Result<(String, String), String> {
        // (module, name) → (how many sites carry it, the first file that does).
        let mut counts: BTreeMap<(String, String), (usize, String)> = BTreeMap::new();
        let mut sites = 0;
        for rel in files {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("dependencies") {
                continue;
            }
            let Some(src) = self.source(rel) else {
                continue;
            };
            let (within, this) = (self.within(rel), self.module_of(rel));
            for value in dependency_values(&src.text) {
                sites += 1;
                let Ok(found) = src.parsed.dependency_overrides(&value, &within, &this) else {
                    continue;
                };
                for o in found {
                    // FastAPI's own (a security scheme object) names no project code.
                    if o.optional || o.module == "fastapi" || o.module.starts_with("fastapi.") {
                        continue;
                    }
                    // `Depends(deps.get_token)` after `from app import deps` is
                    // `app.deps:get_token`.
                    let full = format!("{}.{}", o.module, o.key);
                    let Some((module, name)) = full.rsplit_once('.') else {
                        continue;
                    };
                    let entry = counts
                        .entry((module.to_string(), name.to_string()))
                        .or_insert_with(|| (0, rel.clone()));
                    entry.0 += 1;
                }
            }
        }
        let best = counts
            .iter()
            .max_by_key(|(key, (n, _))| (*n, std::cmp::Reverse((*key).clone())));
        let Some(((module, name), (n, first))) = best else {
            return Err(
                "no include, router or route decorator carries `dependencies=[Depends(...)]` \
                 (a request names its dependencies once they are configured)"
                    .to_string(),
            );
        };
        // A superuser's or an admin's check is not the current user's: it keeps its name.
        let lower = name.to_ascii_lowercase();
        let key = if lower.contains("user") && !lower.contains("super") && !lower.contains("admin")
        {
            crate::request::CURRENT_USER.to_string()
        } else {
            name.clone()
        };
        let mut why = format!(
            "`Depends({name})` is on {n} of the {sites} `dependencies=` of includes, routers \
             and route decorators (first in {first}); `auth: required` uses current_user"
        );
        let others: Vec<String> = counts
            .keys()
            .filter(|k| **k != (module.clone(), name.clone()))
            .map(|(m, n)| format!("{m}:{n}"))
            .collect();
        if !others.is_empty() {
            why.push_str(&format!(" (also seen: {})", others.join(", ")));
        }
        Ok((format!("{{ {key} = \"{module}:{name}\" }}"), why))
    }
}
