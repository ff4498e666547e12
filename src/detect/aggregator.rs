//! The router aggregator the app mounts: followed through `include_router` calls and
//! imports, as Python would resolve them, since file names alone say nothing about which
//! router is live. Real apps also mount through a loop over a router list and through
//! helpers given the app (`include_routers(app)`), so both are followed too (SPEC §11b).

use std::rc::Rc;

use super::{App, Detector, RouterRef, Source};

impl Detector<'_> {
    /// The project routers the app includes (also in a loop over a router list) or is
    /// handed, and the helpers it is handed to that include routers on it.
    pub(super) fn mounted(&mut self, app: &App) -> Vec<RouterRef> {
        let mut args: Vec<String> = Vec::new();
        for r in &app.receivers {
            args.extend(
                app.source
                    .parsed
                    .included_routers(r)
                    .into_iter()
                    .map(|(a, _)| a),
            );
        }
        args.extend(app.handed.iter().cloned());
        let src = app.source.clone();
        let mut found: Vec<RouterRef> = Vec::new();
        for arg in args {
            found.extend(self.router_ref(&src, &arg));
        }
        found.extend(self.helpers_of(app));
        let mut out: Vec<RouterRef> = Vec::new();
        for r in found {
            if !out
                .iter()
                .any(|o| o.source.rel == r.source.rel && o.var == r.var)
            {
                out.push(r);
            }
        }
        out
    }

    /// The app handed to a function that includes routers on the parameter it binds
    /// (`include_routers(app)`, `register_routers(_app, prefix="/api")`), in main or in
    /// a module main imports it from: that parameter, in the function's module, is a
    /// router main mounts (SPEC §11: a mount through a helper call counts).
    fn helpers_of(&mut self, app: &App) -> Vec<RouterRef> {
        let src = app.source.clone();
        let within = self.within(&src.rel);
        let mut out = Vec::new();
        for site in &src.calls.sites {
            let Some(index) = site.args.iter().position(|a| app.receivers.contains(a)) else {
                continue;
            };
            let path = src.parsed.resolve_any_scope(&site.callee, &within);
            let (module_src, name) = if path == site.callee && !path.contains('.') {
                (Some(src.clone()), path)
            } else {
                let Some((module, name)) = path.rsplit_once('.') else {
                    continue;
                };
                let module_src = self.file_of(module).and_then(|rel| self.source(&rel));
                (module_src, name.to_string())
            };
            let Some(module_src) = module_src else {
                continue;
            };
            let Some(function) = module_src.calls.functions.iter().find(|f| f.name == name) else {
                continue;
            };
            let Some(param) = site.param_of(index, function) else {
                continue;
            };
            if !module_src.parsed.includes(&param).is_empty() {
                out.push(RouterRef {
                    source: module_src.clone(),
                    var: param,
                    helper: Some(name),
                });
            }
        }
        out
    }

    /// The router an expression of `src` names: a router variable of a project module
    /// (through the file's imports, in any spelling), or of the file itself.
    pub(super) fn router_ref(&mut self, src: &Rc<Source>, expr: &str) -> Option<RouterRef> {
        let within = self.within(&src.rel);
        let path = src.parsed.resolve(expr, &within);
        let path = if path == expr && !is_router(src, expr) {
            // A function-local import (`def setup(): from app.api import api_router`).
            src.parsed.resolve_any_scope(expr, &within)
        } else {
            path
        };
        if path == expr && !expr.contains('.') {
            // Not imported: a router of this very file.
            return is_router(src, expr).then(|| RouterRef {
                source: src.clone(),
                var: expr.to_string(),
                helper: None,
            });
        }
        let (module, var) = path.rsplit_once('.')?;
        let rel = self.file_of(module)?;
        let source = self.source(&rel)?;
        is_router(&source, var).then(|| RouterRef {
            source,
            var: var.to_string(),
            helper: None,
        })
    }

    /// How many `include_router` calls the router's module makes, on any of its routers.
    pub(super) fn include_count(&self, r: &RouterRef) -> usize {
        routers_of(&r.source, &r.var)
            .iter()
            .map(|v| r.source.parsed.includes(v).len())
            .sum()
    }

    /// The aggregator: the router main mounts that includes the others, one level
    /// further when it includes a single router of another module; main itself when it
    /// includes the endpoint routers directly.
    pub(super) fn find_aggregator(&mut self, app: &App) -> Option<(RouterRef, String)> {
        let mounted = self.mounted(app);
        let best = mounted
            .iter()
            .max_by_key(|r| {
                (
                    self.include_count(r),
                    std::cmp::Reverse(r.source.rel.clone()),
                )
            })?
            .clone();
        let count = self.include_count(&best);
        // The one router main mounts from another module, with no route and no include
        // of its own, is an aggregator with nothing in it yet (a fresh `init`), not an
        // endpoint router: the features go there.
        if let [only] = mounted.as_slice()
            && count == 0
            && only.source.rel != app.source.rel
            && !has_routes(&only.source, &only.var)
        {
            return Some((
                only.clone(),
                format!(
                    "the router main mounts ({} of {}), which has no route and includes no \
                     router yet: an empty aggregator",
                    only.var, only.source.rel
                ),
            ));
        }
        if count == 0 {
            // Main includes leaf routers itself: main is the aggregator.
            let var = app.var.clone().or_else(|| app.receivers.first().cloned())?;
            let n = mounted.len();
            return Some((
                RouterRef {
                    source: app.source.clone(),
                    var,
                    helper: None,
                },
                format!(
                    "main includes the endpoint routers itself ({n} of them, none includes \
                     others): main is the aggregator"
                ),
            ));
        }
        let how = if let Some(helper) = &best.helper {
            format!(
                "the router main hands to `{helper}()` ({} of {}, the parameter it includes \
                 routers on)",
                best.var, best.source.rel
            )
        } else if best.source.rel == app.source.rel {
            "the router main defines and includes".to_string()
        } else {
            format!(
                "the router main mounts ({} of {})",
                best.var, best.source.rel
            )
        };
        let mut chosen = best;
        let mut why = format!("{how}, which includes {count} router(s)");
        // A helper's parameter adds a level: the app, the helper, then the API router.
        for _ in 0..3 {
            if self.include_count(&chosen) != 1 {
                break;
            }
            let arg = routers_of(&chosen.source, &chosen.var)
                .iter()
                .flat_map(|v| chosen.source.parsed.includes(v))
                .map(|(a, _)| a)
                .next();
            let Some(next) = arg.and_then(|a| {
                let src = chosen.source.clone();
                self.router_ref(&src, &a)
            }) else {
                break;
            };
            let n = self.include_count(&next);
            if n == 0 || next.source.rel == chosen.source.rel {
                break;
            }
            why = format!(
                "{how}, which only includes {} of {}, which includes {n} router(s)",
                next.var, next.source.rel
            );
            chosen = next;
        }
        if let Some((sub, note)) = self.sub_aggregator(&chosen) {
            why = format!("{why}; {note}");
            chosen = sub;
        }
        Some((chosen, why))
    }

    /// Where every router `agg` includes is an aggregator itself (it includes routers
    /// and declares no route of its own), the endpoint modules live a level down: the
    /// sub-aggregator that includes the most routers, when one includes more than any
    /// other, with why. A module beside the sub-aggregators would be the only endpoint
    /// module at that level, and more public than the ones they guard.
    fn sub_aggregator(&mut self, agg: &RouterRef) -> Option<(RouterRef, String)> {
        let args: Vec<String> = routers_of(&agg.source, &agg.var)
            .iter()
            .flat_map(|v| agg.source.parsed.includes(v))
            .map(|(a, _)| a)
            .collect();
        if args.len() < 2 {
            return None;
        }
        let src = agg.source.clone();
        let mut subs: Vec<(usize, RouterRef)> = Vec::new();
        for arg in &args {
            let r = self.router_ref(&src, arg)?;
            let n = self.include_count(&r);
            if n == 0 || r.source.rel == agg.source.rel || has_routes(&r.source, &r.var) {
                return None;
            }
            subs.push((n, r));
        }
        subs.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
        let (most, rest) = subs.split_first()?;
        if rest.iter().any(|(n, _)| *n == most.0) {
            return None;
        }
        let names: Vec<String> = subs
            .iter()
            .map(|(n, r)| format!("{} ({n})", r.var))
            .collect();
        Some((
            most.1.clone(),
            format!(
                "each of the {} routers it includes is an aggregator itself ({}): the one \
                 that includes the most, {} of {}",
                subs.len(),
                names.join(", "),
                most.1.var,
                most.1.source.rel
            ),
        ))
    }
}

/// Whether `var` is a router of `src`: assigned `APIRouter(...)` at the top level, or
/// the receiver of `include_router` calls.
pub(super) fn is_router(src: &Source, var: &str) -> bool {
    src.calls
        .of("APIRouter")
        .any(|s| s.function.is_none() && s.target.as_deref() == Some(var))
        || !src.parsed.includes(var).is_empty()
}

/// Whether the module declares a route on `var`: a decorator (`@var.get(...)`) or a
/// call that adds one (`var.add_api_route(...)`, `var.api_route(...)`, websockets).
fn has_routes(src: &Source, var: &str) -> bool {
    let decorator = format!("@{var}.");
    let calls = [
        "add_api_route(",
        "api_route(",
        "add_api_websocket_route(",
        "websocket(",
    ]
    .map(|c| format!("{var}.{c}"));
    src.text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with(&decorator) || calls.iter().any(|c| l.contains(c.as_str()))
    })
}

/// `var` and every other router the module defines at the top level (they are all
/// part of what the aggregator module includes).
pub(super) fn routers_of(src: &Source, var: &str) -> Vec<String> {
    let mut out = vec![var.to_string()];
    for s in src.calls.of("APIRouter") {
        if s.function.is_none()
            && let Some(t) = &s.target
            && !out.contains(t)
        {
            out.push(t.clone());
        }
    }
    out
}
