//! The context of the five feature templates: a resolved `Feature` and the `Layout` as
//! template values, every identifier computed here.

use serde_json::Value as Json;

use super::doc::Doc;
use super::field_view::{
    FieldView, InputTypes, Stored, field_view, field_view_as, input_imports, input_type,
};
use super::inherited::{RouterView, auth_override, inherited_overrides};
use super::names::{Literals, std_imports};
use super::resource::resource_view;
use super::views::{
    BodyView, ErrorView, FeatureView, LiteralView, ParamView, SchemaView, TestCase,
};
use super::{FeatureContext, layout_view, text, text_json, texts};
use crate::layout::Layout;
use crate::pynames::{error_class, reason};
use crate::render::pytype;
use crate::request::{Example, Feature, Field, IdType, Kind, Method, Operation, ParamIn};

/// The literal aliases of a feature: from the fields of its body, response or stored
/// model, then its parameters; never named like one of the feature's classes.
fn literals(feature: &Feature, pascal: &str) -> Literals {
    let mut taken: Vec<String> = vec![
        feature.model.clone(),
        format!("{pascal}Service"),
        format!("{pascal}ServiceDep"),
    ];
    taken.extend(feature.body.iter().map(|b| b.model.clone()));
    taken.extend(feature.errors.iter().map(|e| error_class(pascal, e.status)));
    let mut named: Vec<(&str, &crate::request::FieldType)> = Vec::new();
    if let Some(r) = &feature.resource {
        let m = &r.model;
        taken.extend(
            ["", "Base", "Create", "Update", "Public"]
                .iter()
                .map(|s| format!("{m}{s}")),
        );
        taken.push(format!("{pascal}Public"));
        taken.push(format!("{m}sPublic"));
        taken.push(format!("{m}NotFoundError"));
        named.extend(r.fields.iter().map(|f| (f.name.as_str(), &f.ty)));
    }
    named.extend(
        feature
            .body
            .iter()
            .flat_map(|b| &b.fields)
            .map(|f| (f.name.as_str(), &f.ty)),
    );
    named.extend(feature.fields.iter().map(|f| (f.name.as_str(), &f.ty)));
    named.extend(feature.params.iter().map(|p| (p.name.as_str(), &p.ty)));
    Literals::of(named.into_iter(), &taken)
}

pub(crate) fn feature(feature: &Feature, layout: &Layout) -> anyhow::Result<FeatureContext> {
    let pair = |m: &str, n: &str| [m.to_string(), n.to_string()];
    let mut view = layout_view(layout)?;
    let name = &feature.name;
    layout.check_feature(name)?;
    let files = layout.feature_files(name);
    view.modules.schema = layout.module(&files.schema);
    view.modules.service = layout.module(&files.service);
    view.modules.endpoint = layout.module(&files.endpoint);
    view.files.schema = files.schema;
    view.files.service = files.service;
    view.files.endpoint = files.endpoint;
    view.files.test = files.test;
    view.files.doc = files.doc;
    let snake = name.snake().to_string();
    let pascal = name.pascal();
    // Every literal type gets a name in the schema module (see `Literals`).
    let lits = literals(feature, &pascal);
    let fields: Vec<FieldView> = feature
        .fields
        .iter()
        .map(|f| field_view(f, false, &lits))
        .collect();
    let mut params: Vec<ParamView> = feature
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Path)
        .chain(
            feature
                .params
                .iter()
                .filter(|p| p.location == ParamIn::Query),
        )
        .chain(
            feature
                .params
                .iter()
                .filter(|p| p.location == ParamIn::Header),
        )
        .map(|p| {
            let example = p.example.to_json();
            ParamView {
                name: p.name.clone(),
                location: p.location.as_str(),
                marker: match p.location {
                    ParamIn::Path => "Path",
                    ParamIn::Query => "Query",
                    ParamIn::Header => "Header",
                },
                alias: p.alias.clone(),
                header: p.header(),
                header_example: text_json(Json::from(super::plain_text(example.clone()))),
                py_type: lits.py_type(&p.ty),
                endpoint_type: param_type(&p.ty, &lits),
                doc_type: pytype::annotation(&p.ty),
                approx: p.example.has_float(),
                examples: vec![text_json(example.clone())],
                example: text_json(example),
                py_example: text_json(pytype::value(&p.example)),
                description: p.description.as_deref().map(text),
                required: p.default.is_none() && !p.ty.optional,
                default: text_json(p.default.as_ref().map_or(Json::Null, pytype::value)),
            }
        })
        .collect();
    // Python wants parameters with defaults last; the order is otherwise kept.
    params.sort_by_key(|p| !p.required);
    let mut body_types = InputTypes::default();
    let body = feature.body.as_ref().map(|b| BodyView {
        model: b.model.clone(),
        fields: b
            .fields
            .iter()
            .map(|f| {
                let ty = input_type(&f.ty, &lits, Stored::No, &mut body_types);
                field_view_as(f, false, &lits, ty)
            })
            .collect(),
    });
    let errors: Vec<ErrorView> = feature
        .errors
        .iter()
        .map(|e| {
            let snake = reason(e.status);
            ErrorView {
                status: e.status,
                description: text(&e.description),
                class: error_class(&pascal, e.status),
                snake,
            }
        })
        .collect();
    let mut examples: Vec<&Example> = feature.fields.iter().map(|f| &f.example).collect();
    examples.extend(feature.params.iter().flat_map(|p| p.default.iter()));
    let mut annotated: Vec<&Field> = feature.fields.iter().collect();
    if let Some(b) = &feature.body {
        annotated.extend(&b.fields);
    }
    let mut resource = feature
        .resource
        .as_ref()
        .map(|r| resource_view(feature, r, layout, &lits))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    if let Some(r) = &feature.resource {
        annotated = r.fields.iter().collect();
        examples.clear();
    }
    let defaults: Vec<&Example> = annotated
        .iter()
        .filter_map(|f| f.default.as_ref())
        .collect();
    let mut schema_std = std_imports(annotated.iter().map(|f| &f.ty), &defaults);
    let literal = ["typing".to_string(), "Literal".to_string()];
    if !lits.aliases.is_empty() && !schema_std.contains(&literal) {
        schema_std.push(literal.clone());
    }
    let mut schema_pydantic = vec![pair("pydantic", "BaseModel")];
    if !feature.model.is_empty() {
        schema_pydantic.push(pair("pydantic", "ConfigDict"));
    }
    schema_pydantic.push(pair("pydantic", "Field"));
    input_imports(
        &body_types,
        body.is_some(),
        &mut schema_pydantic,
        &mut schema_std,
    );
    let param_types: Vec<_> = feature.params.iter().map(|p| &p.ty).collect();
    let param_defaults: Vec<&Example> = feature
        .params
        .iter()
        .filter_map(|p| p.default.as_ref())
        .collect();
    let mut service_std = std_imports(param_types.iter().copied(), &examples);
    service_std.push(["typing".into(), "Annotated".into()]);
    let mut endpoint_std = std_imports(param_types.iter().copied(), &param_defaults);
    if !feature.params.is_empty() {
        endpoint_std.push(["typing".into(), "Annotated".into()]);
    }
    // The parameters' literals come from the schema module, by their alias.
    service_std.retain(|p| *p != literal);
    endpoint_std.retain(|p| *p != literal);
    let mut schemas = Vec::new();
    if let Some(b) = &body {
        schemas.push(SchemaView {
            class: b.model.clone(),
            role: "request body",
            from_attributes: false,
            fields: b.fields.clone(),
        });
    }
    if !feature.model.is_empty() {
        schemas.push(SchemaView {
            class: feature.model.clone(),
            role: "response",
            from_attributes: true,
            fields: fields.clone(),
        });
    }
    let schema_module = view.modules.schema.clone();
    let service_module = view.modules.service.clone();
    let service_class = format!("{pascal}Service");
    let service_dependency = format!("get_{snake}_service");
    let service_alias = format!("{pascal}ServiceDep");
    let param_aliases = lits.used_by(param_types.iter().copied());
    let service_imports: Vec<[String; 2]> = schemas
        .iter()
        .map(|s| pair(&schema_module, &s.class))
        .chain(param_aliases.iter().map(|a| pair(&schema_module, a)))
        .collect();
    let mut endpoint_imports = service_imports.clone();
    endpoint_imports.push(pair(&service_module, &service_alias));
    let router = RouterView::of(feature);
    let prefix_params = prefix_params(&format!(
        "{}{}",
        super::served_prefix(feature, layout),
        feature.mount
    ));
    for view_imports in std::iter::once(&mut endpoint_imports)
        .chain(resource.as_mut().map(|r| &mut r.endpoint_imports))
    {
        view_imports.extend(router.project_imports.iter().cloned());
    }
    let mut test_imports = vec![pair(&layout.module(&layout.main), &layout.app_var)];
    if !errors.is_empty() {
        test_imports.push(pair(&service_module, &service_dependency));
        test_imports.extend(errors.iter().map(|e| pair(&service_module, &e.class)));
    }
    let overrides = inherited_overrides(feature, &mut test_imports);
    let auth = auth_override(feature, &mut test_imports)?;
    let mut test_cases = vec![TestCase {
        function: format!("test_{snake}"),
        raises: None,
        status: feature.status_code,
        detail: None,
    }];
    for e in &errors {
        test_cases.push(TestCase {
            function: format!("test_{snake}_{}", e.snake),
            raises: Some(e.class.clone()),
            status: e.status,
            detail: Some(e.description.clone()),
        });
    }
    let doc = Doc::of(feature, layout);
    let path_params = feature
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Path)
        .map(|p| p.name.clone())
        .collect();
    let verb = match (feature.kind(), feature.method) {
        (Kind::Resource, _) => "",
        (_, Method::Get) => "get",
        (_, Method::Post) => "create",
        (_, Method::Put) => "replace",
        (_, Method::Patch) => "update",
        (_, Method::Delete) => "delete",
    };
    // The class names the feature, so its method is the verb alone: `service.create()`,
    // never `create_create_pet`.
    let service_function = if verb.is_empty() {
        snake.clone()
    } else {
        verb.to_string()
    };
    let (required, optional): (Vec<&ParamView>, Vec<&ParamView>) =
        params.iter().partition(|p| p.required);
    let service_args: Vec<String> = required
        .iter()
        .map(|p| p.name.clone())
        .chain(body.as_ref().map(|_| "body".to_string()))
        .chain(optional.iter().map(|p| p.name.clone()))
        .collect();
    let has_response = !feature.model.is_empty();
    let returns = if !has_response {
        "None".to_string()
    } else if feature.many {
        format!("list[{}]", feature.model)
    } else {
        feature.model.clone()
    };
    Ok(FeatureContext {
        feature: FeatureView {
            pascal: pascal.clone(),
            kebab: name.kebab(),
            title: name.title(),
            description: text(&feature.description),
            requirements: texts(&feature.requirements),
            method: feature.method.as_str(),
            method_lower: feature.method.as_str().to_ascii_lowercase(),
            url: text(&format!(
                "{}{}{}",
                super::served_prefix(feature, layout),
                feature.mount,
                feature.path
            )),
            path: text(&feature.path),
            tags: texts(&feature.tags),
            summary: text(&feature.summary),
            model: feature.model.clone(),
            fields,
            service_function,
            endpoint_function: format!("{snake}_route"),
            route_name: text(&format!("{snake}_route")),
            test_function: format!("test_{snake}"),
            kind: feature.kind().as_str(),
            status_code: feature.status_code,
            has_response,
            unreadable_body: feature.body.is_some()
                && !feature.errors.iter().any(|e| e.status == 400),
            many: feature.many,
            returns,
            params,
            body,
            service_del: crate::render::pyfmt::del_statement(&service_args, 8),
            errors,
            service_class,
            service_dependency,
            service_alias,
            overrides,
            auth,
            not_authenticated: super::inherited::NOT_AUTHENTICATED,
            url_for: if prefix_params.is_empty() {
                format!("{}.url_path_for", layout.app_var)
            } else {
                "url_for".to_string()
            },
            prefix_params,
            schema_std_imports: schema_std,
            schema_pydantic_imports: schema_pydantic,
            body_text: body_types.text,
            finite_params: feature
                .params
                .iter()
                .any(|p| p.ty.scalar == crate::request::Scalar::Float),
            service_std_imports: service_std,
            endpoint_std_imports: endpoint_std,
            resource,
            schemas,
            literals: lits
                .aliases
                .iter()
                .map(|(_, name, values)| LiteralView {
                    name: name.clone(),
                    values: values.iter().map(|v| Json::from(v.as_str())).collect(),
                })
                .collect(),
            path_params,
            service_imports,
            endpoint_imports,
            router_statement: router.statement,
            router_dependencies: feature
                .router_dependencies
                .as_ref()
                .map(|d| d.value.clone()),
            fastapi_imports: fastapi_imports(feature, router.fastapi_imports),
            test_imports,
            test_cases,
            doc_request: doc.request,
            doc_response: doc.response,
            doc_curl: doc.curl,
            has_path: feature.params.iter().any(|p| p.location == ParamIn::Path),
            has_query: feature.params.iter().any(|p| p.location == ParamIn::Query),
            has_header: feature.params.iter().any(|p| p.location == ParamIn::Header),
            snake,
        },
        layout: view,
    })
}

/// What the endpoint module imports from FastAPI: the router, `Path` and `Query` where
/// it has such parameters, and what the router's dependencies name (`extra`).
fn fastapi_imports(feature: &Feature, extra: Vec<[String; 2]>) -> Vec<[String; 2]> {
    let (path, query) = match &feature.resource {
        Some(r) => {
            let item = r.operations.iter().any(|o| o.is_item());
            let int_parent = r
                .parent_field()
                .is_some_and(|f| f.ty.scalar == crate::request::Scalar::Int);
            (
                (item && r.id_type != IdType::Uuid) || int_parent,
                r.has(Operation::List),
            )
        }
        None => (
            feature.params.iter().any(|p| p.location == ParamIn::Path),
            feature.params.iter().any(|p| p.location == ParamIn::Query),
        ),
    };
    let header = feature.params.iter().any(|p| p.location == ParamIn::Header);
    let mut out = vec![["fastapi".to_string(), "APIRouter".to_string()]];
    for (wanted, name) in [(path, "Path"), (query, "Query"), (header, "Header")] {
        if wanted {
            out.push(["fastapi".to_string(), name.to_string()]);
        }
    }
    out.extend(extra);
    out
}

/// The `{name}` segments of a URL prefix whose name is an identifier (others cannot be
/// passed to `url_path_for` by keyword, and a prefix with them is refused by config).
fn prefix_params(prefix: &str) -> Vec<String> {
    prefix
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
        .map(|p| p.split(':').next().unwrap_or(p))
        .filter(|p| crate::pyrules::is_identifier(p))
        .map(str::to_string)
        .collect()
}

/// The annotation of a parameter in the route: a float as `FiniteFloat`, since a NaN
/// handed on would make any response that holds it a 500 (JSON has no NaN). Text from
/// a URL is always UTF-8 and may hold NUL: it stays `str`.
fn param_type(ty: &crate::request::FieldType, lits: &Literals) -> String {
    match ty.scalar {
        crate::request::Scalar::Float => ty.spell("FiniteFloat"),
        _ => lits.py_type(ty),
    }
}
