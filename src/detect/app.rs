//! The FastAPI app: `X = FastAPI(...)`, an instance of a `FastAPI` subclass, or a
//! factory returning one (SPEC §11b). What it mounts is `aggregator.rs`'s.

use super::{App, Detector};

impl Detector<'_> {
    /// The FastAPI app: every construction found, the one that includes project
    /// routers first, then one in a `main.py`, then the first in path order.
    pub(super) fn find_app(&mut self, files: &[String]) -> Option<App> {
        let mut apps: Vec<App> = Vec::new();
        let mut factories: Vec<(String, String)> = Vec::new();
        let app_classes = self.app_classes(files);
        for rel in files {
            let Ok(meta) = std::fs::metadata(self.root.join(rel)) else {
                continue;
            };
            if meta.len() > crate::fsread::MAX_FILE {
                continue;
            }
            // Cheap filter before parsing: the name must be in the text.
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !app_classes.iter().any(|c| text.contains(c.as_str())) {
                continue;
            }
            let Some(src) = self.source(rel) else {
                continue;
            };
            let sites: Vec<&crate::python::CallSite> =
                app_classes.iter().flat_map(|c| src.calls.of(c)).collect();
            for site in sites {
                match (&site.function, &site.target) {
                    (None, Some(var)) => apps.push(App {
                        source: src.clone(),
                        var: Some(var.clone()),
                        receivers: vec![var.clone()],
                        handed: Vec::new(),
                        why: format!(
                            "the FastAPI app: `{var} = {}(...)` at line {} of {rel}{}",
                            site.callee,
                            site.line,
                            if site.callee.rsplit('.').next() == Some("FastAPI") {
                                ""
                            } else {
                                " (a subclass of FastAPI)"
                            }
                        ),
                    }),
                    (Some(f), local) => {
                        let returned = site.returned
                            || local.as_ref().is_some_and(|l| {
                                src.calls
                                    .returned_names
                                    .iter()
                                    .any(|(rf, n)| rf == f && n == l)
                            });
                        if returned {
                            factories.push((rel.clone(), f.clone()));
                            let var = src
                                .calls
                                .of(f)
                                .find(|s| s.function.is_none() && s.target.is_some())
                                .and_then(|s| s.target.clone());
                            let mut receivers: Vec<String> = local.iter().cloned().collect();
                            receivers.extend(var.clone());
                            let how = match &var {
                                Some(v) => format!(" and `{v} = {f}()` holds it"),
                                None => String::new(),
                            };
                            apps.push(App {
                                source: src.clone(),
                                var,
                                receivers,
                                handed: Vec::new(),
                                why: format!(
                                    "the FastAPI app: the factory `{f}()` returns the \
                                     FastAPI(...) of line {} of {rel}{how}",
                                    site.line
                                ),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        // A factory called from another module: `app = create_application(router=...)`.
        for (frel, f) in &factories {
            if apps
                .iter()
                .any(|a| a.source.rel == *frel && a.var.is_some())
            {
                continue;
            }
            let factory_module = self.module_of(frel);
            for rel in files {
                if rel == frel {
                    continue;
                }
                let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                    continue;
                };
                if !text.contains(f.as_str()) {
                    continue;
                }
                let Some(src) = self.source(rel) else {
                    continue;
                };
                let within = self.within(rel);
                if !src.parsed.imports_module(&factory_module, &within) {
                    continue;
                }
                if let Some(site) = src
                    .calls
                    .of(f)
                    .find(|s| s.function.is_none() && s.target.is_some())
                {
                    let var = site.target.clone().unwrap_or_default();
                    apps.push(App {
                        source: src.clone(),
                        var: Some(var.clone()),
                        receivers: vec![var.clone()],
                        handed: site.args.clone(),
                        why: format!(
                            "the FastAPI app: `{var} = {}(...)` at line {} of {rel}, the \
                             factory of {frel}",
                            site.callee, site.line
                        ),
                    });
                }
            }
        }
        if apps.is_empty() {
            // No FastAPI(...) at all (the factory lives outside what was scanned): a
            // module-level `app = factory(...)` in a main.py.
            for rel in files
                .iter()
                .filter(|r| r.ends_with("/main.py") || *r == "main.py")
            {
                let Some(src) = self.source(rel) else {
                    continue;
                };
                if let Some(site) = src
                    .calls
                    .sites
                    .iter()
                    .find(|s| s.function.is_none() && s.target.as_deref() == Some("app"))
                {
                    apps.push(App {
                        source: src.clone(),
                        var: Some("app".into()),
                        receivers: vec!["app".into()],
                        handed: site.args.clone(),
                        why: format!(
                            "the app: `app = {}(...)` at line {} of {rel} (no FastAPI(...) \
                             call was found in the project, so the factory it calls is \
                             taken to make the app)",
                            site.callee, site.line
                        ),
                    });
                }
            }
        }
        // The app that mounts project routers wins; then a main.py; then path order.
        let mut best: Option<(usize, App)> = None;
        for app in apps {
            let mounted = self.mounted(&app).len();
            let score = usize::from(mounted > 0) * 4
                + usize::from(app.source.rel.ends_with("main.py")) * 2
                + usize::from(app.var.is_some());
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, app));
            }
        }
        best.map(|(_, a)| a)
    }

    /// `FastAPI` and the project's subclasses of it, at any remove (`class MyAPI(FastAPI)`,
    /// `class Api(MyAPI)`): an instance of any of them is an app (SPEC §11b).
    fn app_classes(&mut self, files: &[String]) -> Vec<String> {
        let mut classes: Vec<crate::python::ClassInfo> = Vec::new();
        for rel in files {
            let Ok(text) = crate::fsread::read_to_string(&self.root.join(rel)) else {
                continue;
            };
            if !text.contains("FastAPI") || !text.contains("class ") {
                continue;
            }
            if let Some(src) = self.source(rel) {
                classes.extend(src.calls.classes.iter().cloned());
            }
        }
        let mut out = vec!["FastAPI".to_string()];
        // Each round adds the subclasses of the classes known so far.
        loop {
            let before = out.len();
            for c in &classes {
                if !out.contains(&c.name) && c.bases.iter().any(|b| out.contains(b)) {
                    out.push(c.name.clone());
                }
            }
            if out.len() == before {
                return out;
            }
        }
    }
}
