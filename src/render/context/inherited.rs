//! What a feature's route inherits from its siblings' routers (SPEC §11b): the
//! `APIRouter(dependencies=...)` they are built with, and the dependencies its tests
//! override.

use crate::request::{Feature, Override};

/// The endpoint module's `router = APIRouter(...)`, with the dependencies its siblings'
/// routers are built with (SPEC §11b), and the imports that needs: FastAPI's go into the
/// third-party block, the others (the project's own) into the first-party one.
pub(super) struct RouterView {
    pub statement: String,
    pub fastapi_imports: Vec<[String; 2]>,
    pub project_imports: Vec<[String; 2]>,
}

impl RouterView {
    pub(super) fn of(feature: &Feature) -> RouterView {
        let Some(deps) = &feature.router_dependencies else {
            return RouterView {
                statement: "router = APIRouter()".to_string(),
                fastapi_imports: Vec::new(),
                project_imports: Vec::new(),
            };
        };
        let mut args = vec![format!("dependencies={}", deps.value)];
        if feature.auth.is_some() {
            args.push(format!(
                "responses={{401: {{\"description\": {NOT_AUTHENTICATED:?}}}}}"
            ));
        }
        let statement =
            crate::pyrules::call("router = APIRouter(", &args.join(", "), &args).join("\n");
        let (fastapi_imports, project_imports) = deps
            .imports
            .iter()
            .cloned()
            .partition(|[m, _]| m == "fastapi" || m.starts_with("fastapi."));
        RouterView {
            statement,
            fastapi_imports,
            project_imports,
        }
    }
}

/// The names a generated test module binds itself.
const OWN: &[&str] = &[
    "pytest",
    "TestClient",
    "Iterator",
    "Any",
    "client",
    "test_client",
    "dependency",
    "failing_service",
    "StaticPool",
    "Session",
    "SQLModel",
    "create_engine",
    "engine",
    "session_override",
    "url_for",
    // A resource's test module: its fixtures, helpers and imports.
    "Engine",
    "service",
    "stored",
    "unstamped",
    "instant",
    "ordered",
    "within",
    "sort_key",
    "UUID",
    "anonymous",
    "users",
    "owner_id",
];

/// How a route that needs the current user documents its 401 (SPEC §15).
pub(super) const NOT_AUTHENTICATED: &str = "Not authenticated: no valid bearer token";

/// The feature's `current_user` dependency, its import added to `imports`. Unlike an
/// inherited one it cannot be left out (the tests would meet the real check): a name the
/// test binds otherwise is an error.
pub(super) fn auth_override(
    feature: &Feature,
    imports: &mut Vec<[String; 2]>,
) -> anyhow::Result<Option<Override>> {
    let Some(o) = &feature.auth else {
        return Ok(None);
    };
    let pair = [o.module.clone(), o.name.clone()];
    if OWN.contains(&o.name.as_str()) || imports.iter().any(|[m, n]| *n == o.name && *m != o.module)
    {
        return Err(crate::error::invalid(format!(
            "dependencies.current_user: `{}` is a name the generated test binds itself; \
             configure a dependency of another name",
            o.name
        )));
    }
    if !imports.contains(&pair) {
        imports.push(pair);
    }
    Ok(Some(o.clone()))
}

/// The feature's inherited dependencies a test can override, their imports added to
/// `imports`. Names the test binds already, or the test's own names, would be rebound:
/// such a dependency is left out (and the route answers as the real dependency does).
pub(super) fn inherited_overrides(
    feature: &Feature,
    imports: &mut Vec<[String; 2]>,
) -> Vec<Override> {
    let mut out = Vec::new();
    for o in &feature.overrides {
        let pair = [o.module.clone(), o.name.clone()];
        let clash = OWN.contains(&o.name.as_str())
            || imports.iter().any(|[m, n]| *n == o.name && *m != o.module);
        if clash {
            continue;
        }
        if !imports.contains(&pair) {
            imports.push(pair);
        }
        out.push(o.clone());
    }
    out
}
