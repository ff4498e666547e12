//! The project imports of a resource's service, endpoint and test modules: what each
//! uses of the models, schema, errors, session and service modules.

use super::listing::ListingView;
use crate::request::{Feature, Operation, Resource};

/// The modules a resource's code lives in or imports from, and the names it imports.
pub(super) struct Places<'a> {
    pub model: &'a str,
    pub schema: &'a str,
    pub service: &'a str,
    pub errors: &'a str,
    /// The session dependency's module and name.
    pub session: (&'a str, &'a str),
    /// The layout names the project's own session dependency (no `SessionDep` of ours).
    pub session_configured: bool,
    /// The model base's module and name (`sqlmodel`, `SQLModel`).
    pub base: (&'a str, &'a str),
    /// The app's module and variable.
    pub app: (&'a str, &'a str),
    pub public: &'a str,
    pub many_public: &'a str,
}

pub(super) struct ModuleImports {
    pub service: Vec<[String; 2]>,
    pub endpoint: Vec<[String; 2]>,
    pub test: Vec<[String; 2]>,
}

pub(super) fn module_imports(
    feature: &Feature,
    r: &Resource,
    at: &Places,
    listing: &ListingView,
) -> ModuleImports {
    let model = &r.model;
    let pair = |m: &str, n: &str| [m.to_string(), n.to_string()];
    let has = |op| r.has(op);
    let writes = r.operations.iter().any(|o| o.takes_body());
    let create_body = has(Operation::Create) || has(Operation::Replace);
    let item_ops = r.operations.iter().any(|o| o.is_item());
    let mut service_imports = vec![pair(at.model, model)];
    if create_body {
        service_imports.push(pair(at.schema, &format!("{model}Create")));
    }
    if has(Operation::List) {
        service_imports.push(pair(at.schema, at.public));
        service_imports.push(pair(at.schema, at.many_public));
    }
    if has(Operation::Update) {
        service_imports.push(pair(at.schema, &format!("{model}Update")));
    }
    if r.timestamps && writes {
        service_imports.push(pair(at.model, "utc_now"));
    }
    if at.session_configured {
        service_imports.push(pair(at.session.0, at.session.1));
    } else {
        service_imports.push(pair(at.session.0, "SessionDep"));
    }
    // Under a parent, an unknown one is a 404 for every route.
    let parent = r.parent.is_some();
    if item_ops || parent {
        service_imports.push(pair(at.errors, "NotFoundError"));
    }
    // A delete is refused while other rows refer to the item (a 409).
    if (r.fields.iter().any(|f| f.constraints.unique) && writes) || has(Operation::Delete) {
        service_imports.push(pair(at.errors, "ConflictError"));
    }
    let mut endpoint_imports: Vec<[String; 2]> = Vec::new();
    if r.operations
        .iter()
        .any(|&o| o != Operation::List && o != Operation::Delete)
    {
        endpoint_imports.push(pair(at.model, model));
        endpoint_imports.push(pair(at.schema, at.public));
    }
    if create_body {
        endpoint_imports.push(pair(at.schema, &format!("{model}Create")));
    }
    if has(Operation::List) {
        endpoint_imports.push(pair(at.schema, at.many_public));
    }
    if has(Operation::Update) {
        endpoint_imports.push(pair(at.schema, &format!("{model}Update")));
    }
    let documents_errors = parent || r.operations.iter().any(|&o| o != Operation::List);
    if documents_errors || feature.auth.is_some() {
        endpoint_imports.push(pair(at.errors, "ErrorBody"));
    }
    endpoint_imports.push(pair(
        at.service,
        &format!("{}ServiceDep", feature.name.pascal()),
    ));
    endpoint_imports.push(pair(at.errors, "DomainErrorRoute"));
    let mut test_imports = vec![pair(at.session.0, at.session.1), pair(at.app.0, at.app.1)];
    if at.base.0 != "sqlmodel" {
        test_imports.push(pair(at.base.0, at.base.1));
    }
    // The service tests: the service, the bodies they build and the errors they expect.
    test_imports.push(pair(
        at.service,
        &format!("{}Service", feature.name.pascal()),
    ));
    if create_body {
        test_imports.push(pair(at.schema, &format!("{model}Create")));
    }
    if has(Operation::Create) {
        test_imports.push(pair(at.schema, at.public));
    }
    if has(Operation::Update) {
        test_imports.push(pair(at.schema, &format!("{model}Update")));
    }
    if has(Operation::Create) && (has(Operation::Update) || has(Operation::Replace)) {
        // Another session deletes a row the service has read.
        test_imports.push(pair(at.model, model));
    }
    if item_ops || (parent && has(Operation::Create)) {
        test_imports.push(pair(at.errors, "NotFoundError"));
    }
    if r.fields.iter().any(|f| f.constraints.unique) && has(Operation::Create) {
        test_imports.push(pair(at.errors, "ConflictError"));
    }
    // The test client overrides what the route inherits (the list is the feature's).
    super::inherited::inherited_overrides(feature, &mut test_imports);
    // The owner's user model: the service's dependency takes one, the tests store two.
    if let Some(o) = &r.owner {
        let user = [o.model.0.clone(), o.model.1.clone()];
        for imports in [&mut service_imports, &mut test_imports] {
            if !imports.contains(&user) {
                imports.push(user.clone());
            }
        }
        // A test reads the row back to see whose it is.
        let row = pair(at.model, model);
        if r.has(Operation::Create) && !test_imports.contains(&row) {
            test_imports.push(row);
        }
        if let Some(a) = &feature.auth {
            let callable = [a.module.clone(), a.name.clone()];
            if !service_imports.contains(&callable) {
                service_imports.push(callable);
            }
        }
    }
    // And the current user (`auth_override` checked the name against the test's own).
    if let Some(o) = &feature.auth {
        let auth = [o.module.clone(), o.name.clone()];
        if !test_imports.contains(&auth) {
            test_imports.push(auth);
        }
    }
    if let Some(query) = &listing.query {
        service_imports.push(pair(at.schema, query));
        endpoint_imports.push(pair(at.schema, query));
    }
    if let Some(sort) = &listing.sort_alias {
        service_imports.push(pair(at.schema, sort));
    }
    ModuleImports {
        service: service_imports,
        endpoint: endpoint_imports,
        test: test_imports,
    }
}
