//! The template values of a resource (`kind: resource`): its model's API schemas, the
//! operations and their route names, and the imports of each module.

use serde::Serialize;
use serde_json::Value as Json;

use super::field_view::{FieldView, InputTypes, add_import, input_imports};
use super::model_fields::{ModelFields, PatternAlias, UpdateAlias, model_fields};
use super::module_imports::{ModuleImports, Places, module_imports};
use super::names::{Literals, std_imports};
use super::operations::{OpNames, Ops, ops_summary};
use super::scopes::{OwnerView, ParentView, owner_view, parent_view};
use super::test_data::{
    FieldValue, OutOfBounds, conflict_detail, out_of_bounds, variant, variants,
};
use super::{text, text_json};
use crate::layout::Layout;
use crate::request::{Example, Feature, IdType, Operation};

#[derive(Debug, Serialize)]
pub(crate) struct ResourceView {
    /// The table model (`Pet`) and its API schemas.
    pub model: String,
    pub base: String,
    pub create: String,
    pub update: String,
    pub public: String,
    /// `PetsPublic`: `data` and `count`.
    pub many_public: String,
    /// `pet` and `pets`: the model as variable names.
    pub singular: String,
    pub plural: String,
    pub id_name: String,
    /// `int` or `UUID`.
    pub id_type: String,
    pub id_is_uuid: bool,
    /// The router's own prefix (`/pets`, or `""` under an include's prefix), and the
    /// routes on it: the collection's (`""`) and an item's (`/{pet_id}`).
    pub router_prefix: String,
    pub collection_path: String,
    pub item_path: String,
    /// The session dependency's `SessionDep` is the service's own (a project's own
    /// session dependency); else it is the database module's, imported.
    pub local_session_dep: bool,
    /// Which operations there are, and the route names (also the service's methods).
    pub ops: Ops,
    /// The operations for the service's docstring: `Create, list, read, update and delete`.
    pub ops_summary: String,
    /// Some field may be left out of a body (it has a default, or is `| None`).
    pub has_optional: bool,
    /// `created_at` and `updated_at`: the table and the public schema hold them, the
    /// service sets them (`utc_now`), no body takes them.
    pub timestamps: bool,
    pub names: OpNames,
    /// The fields of the stored model (every one optional in `update_fields`).
    pub fields: Vec<FieldView>,
    pub update_fields: Vec<FieldView>,
    /// `Pet not found`
    pub not_found: String,
    /// The 409's detail of a delete that rows referring to the item restrict.
    pub referenced: String,
    /// The URLs the doc shows (`/api/v1/pets`, `/api/v1/pets/{pet_id}`).
    pub collection_url: String,
    pub item_url: String,
    /// The fields a client may leave out of an update but not set to null (the table
    /// requires them): the update schema's validator refuses null for them.
    pub not_null: Vec<String>,
    /// The list's query: filters, sort and order (SPEC §13).
    pub listing: super::listing::ListingView,
    /// The table model is in the schema module (no models module in this layout).
    pub table_here: bool,
    /// The file of the table model (the models module, or the schema module).
    pub table_file: String,
    /// The models module's columns and imports (where it is not the schema module).
    pub columns: Vec<super::table::ColumnView>,
    pub model_std_imports: Vec<[String; 2]>,
    pub model_sqlmodel_imports: Vec<[String; 2]>,
    pub model_project_imports: Vec<[String; 2]>,
    /// Some column holds a list, in the models module (`from sqlalchemy import JSON`).
    pub table_json: bool,
    /// What `sqlmodel` gives the schema module (`AutoString` for literal columns).
    pub sqlmodel_imports: Vec<[String; 2]>,
    /// What `pydantic` gives it: the column types' parts, the update's validator and
    /// `SkipJsonSchema`.
    pub pydantic_imports: Vec<[String; 2]>,
    /// The column types the schema module defines, those its fields use (`Int32`,
    /// `Text`, `UtcDatetime`): what the database can hold (SPEC §13).
    pub types: InputTypes,
    /// The annotation of the id in a route's path: `ItemId` (an int the column holds,
    /// from 1) or `UUID`.
    pub id_param: String,
    /// Some column holds a list (`from sqlalchemy import JSON`).
    pub json_column: bool,
    /// The standard-library imports of the schema module, and its imports from the
    /// project (the model base).
    pub schema_std_imports: Vec<[String; 2]>,
    pub schema_project_imports: Vec<[String; 2]>,
    /// The imports of the service, endpoint and test modules from the project (schemas,
    /// service, session dependency, main).
    pub service_imports: Vec<[String; 2]>,
    pub endpoint_imports: Vec<[String; 2]>,
    pub test_imports: Vec<[String; 2]>,
    /// The session dependency (`get_session`) the service takes and tests override.
    pub session_dependency: String,
    /// The class every model of the resource derives from (`SQLModel`, or the project's
    /// `model_base`), whose metadata the tests create the tables from.
    pub model_base: String,
    /// `ErrorBody` of the errors module: the body of an error response (`detail`),
    /// which every documented error of the routes names as its model in OpenAPI.
    pub error_body: String,
    /// Some route documents an error (400 or 404): the endpoint imports `error_body`.
    pub has_errors: bool,
    /// Some field is unique: a duplicate is a 409 with `conflict` as its detail; the
    /// tests store `variants` (for each row, new values of `unique_fields`).
    pub unique: bool,
    /// What a created row takes besides its body (`"pet_id": pet_id`, `"owner_id":
    /// self.owner_id`, the timestamps' `now`), each a dict entry; and them on one line
    /// (`update={...},`) where there are two at most.
    pub create_updates: Vec<String>,
    pub create_update_line: Option<String>,
    /// The list's `.where(...)`: the filters' (`*where`, which then hold the parent's
    /// and the owner's too), else the parent's (`under`) and the owner's (`mine`).
    pub list_where: String,
    pub conflict: String,
    pub unique_fields: Vec<String>,
    pub variants: Vec<Vec<FieldValue>>,
    /// A value just outside each constraint, for the 422 tests.
    pub out_of_bounds: Vec<OutOfBounds>,
    /// The update's constrained required fields' types (`PetNamePatch`): the
    /// constraints on the value, since on the union with `None` Pydantic applies them to
    /// `None` too (a TypeError, a 500).
    pub update_aliases: Vec<UpdateAlias>,
    /// The text types of the fields with a pattern (`PetChipText`).
    pub pattern_aliases: Vec<PatternAlias>,
    /// A literal field and a value it does not allow, for the 422 test: else a required
    /// field left out.
    pub invalid_field: Option<String>,
    pub invalid_value: Json,
    /// A field the update test changes, and its new value.
    pub update_field: String,
    pub update_value: Json,
    /// An id no item has.
    pub unknown_id: Json,
    /// The fields that refer to other resources' rows, and the rows the tests store
    /// for them (SPEC §13).
    pub references: super::references::ReferencesView,
    /// The resource whose rows own these (`resource.parent`): the routes take its id
    /// first, the service scopes every operation to it.
    pub parent: Option<ParentView>,
    /// `resource.owner`: the rows are the current user's (SPEC §15).
    pub owner: Option<OwnerView>,
}

/// The field an update changes in the tests and the doc: the first plain text field,
/// else the first field (a model read from a request has at least one).
pub(super) fn updated_field(r: &crate::request::Resource) -> Option<&crate::request::Field> {
    r.fields
        .iter()
        .find(|f| matches!(f.ty.scalar, crate::request::Scalar::Str) && !f.ty.list)
        .or(r.fields.first())
}

pub(super) fn resource_view(
    feature: &Feature,
    r: &crate::request::Resource,
    layout: &Layout,
    lits: &Literals,
) -> Result<ResourceView, String> {
    let model = &r.model;
    let references = super::references::references_view(r)?;
    let pascal = feature.name.pascal();
    let many_public = if pascal != *model {
        format!("{pascal}Public")
    } else {
        format!("{model}sPublic")
    };
    let plural = if feature.name.snake() != r.singular {
        feature.name.snake().to_string()
    } else {
        format!("{}s", r.singular)
    };
    let item_path = format!("{}/{{{}}}", feature.path, r.id_name);
    let url = |p: &str| {
        text(&format!(
            "{}{}{}",
            super::served_prefix(feature, layout),
            feature.mount,
            p
        ))
    };
    let files = layout.feature_files(&feature.name);
    let schema_module = layout.module(&files.schema);
    let table_here = files.model.is_none();
    // Where the table model is imported from.
    let model_module = files
        .model
        .as_ref()
        .map_or_else(|| schema_module.clone(), |m| layout.module(m));
    let service_module = layout.module(&files.service);
    let (session_module, session_dependency) = layout.session_dependency();
    let pair = |m: &str, n: &str| [m.to_string(), n.to_string()];
    let writes = r.operations.iter().any(|o| o.takes_body());
    let mut schema_std = std_imports(
        r.fields.iter().map(|f| &f.ty),
        &r.fields
            .iter()
            .filter_map(|f| f.default.as_ref())
            .collect::<Vec<_>>(),
    );
    if r.timestamps {
        add_import(&mut schema_std, "datetime", "datetime");
        add_import(&mut schema_std, "datetime", "timezone");
    }
    if r.timestamps && !table_here {
        // Only `utc_now` used it, and that is the models module's.
        schema_std.retain(|p| p != &pair("datetime", "timezone"));
    }
    if r.id_type == IdType::Uuid {
        schema_std.push(pair("uuid", "UUID"));
        if table_here {
            schema_std.push(pair("uuid", "uuid4"));
        }
    }
    let (base_module, model_base) = layout.model_base();
    let mut sqlmodel_names = vec!["Field".to_string()];
    if table_here
        && r.fields
            .iter()
            .any(|f| !f.ty.list && matches!(f.ty.scalar, crate::request::Scalar::Literal(_)))
    {
        sqlmodel_names.insert(0, "AutoString".to_string());
    }
    let json_column = r.fields.iter().any(|f| f.ty.list);
    let mut schema_project_imports = Vec::new();
    if base_module == "sqlmodel" {
        sqlmodel_names.push(model_base.clone());
    } else {
        schema_project_imports.push(pair(&base_module, &model_base));
    }
    let public = format!("{model}Public");
    let errors_module = layout.module(&layout.errors_module());
    let main_module = layout.module(&layout.main);
    let places = Places {
        model: &model_module,
        schema: &schema_module,
        service: &service_module,
        errors: &errors_module,
        session: (&session_module, &session_dependency),
        session_configured: layout.session_dependency.is_some(),
        base: (&base_module, &model_base),
        app: (&main_module, &layout.app_var),
        public: &public,
        many_public: &many_public,
    };
    let mut types = InputTypes::default();
    let ModelFields {
        mut fields,
        update_fields,
        pattern_aliases,
        update_aliases,
    } = model_fields(r, lits, &mut types);
    if table_here {
        for f in &mut fields {
            f.constraints
                .extend(super::table::foreign_key(r, &f.name).into_iter().map(|k| {
                    super::field_view::ConstraintView {
                        key: k.key,
                        value: k.value,
                    }
                }));
        }
    } else {
        // The schemas are not the table: what shapes a column is the models module's.
        for f in &mut fields {
            f.constraints
                .retain(|c| !matches!(c.key, "unique" | "index"));
            f.sa_type = None;
        }
    }
    let mut table = super::table::table(r, (&base_module, &model_base));
    let parent = parent_view(r, &references, &table.columns)?;
    if parent.as_ref().is_some_and(|p| p.is_uuid) {
        add_import(&mut schema_std, "uuid", "UUID");
    }
    let owner = owner_view(r, &table.columns)?;
    if owner.as_ref().is_some_and(|o| o.is_uuid) && table_here {
        add_import(&mut schema_std, "uuid", "UUID");
    }
    let listing = super::listing::listing_view(r, lits, &mut types);
    let ModuleImports {
        service: mut service_imports,
        endpoint: endpoint_imports,
        test: mut test_imports,
    } = module_imports(feature, r, &places, &listing);
    super::references::add_imports(
        &references,
        &errors_module,
        (&mut service_imports, &mut test_imports),
        if table_here {
            &mut schema_project_imports
        } else {
            &mut table.project_imports
        },
        r.has(Operation::Create),
    );
    if references.any && r.has(Operation::Create) {
        // The tests read the rows the referenced rows' deletion changes, and save rows
        // whose referenced row is gone.
        add_import(&mut test_imports, &model_module, model);
    }
    if references.body && r.has(Operation::Create) {
        add_import(&mut test_imports, &errors_module, "UnknownReferenceError");
    }
    let related = !references.related.is_empty();
    if related && table_here {
        sqlmodel_names.push("Relationship".to_string());
    } else if related {
        add_import(&mut table.sqlmodel_imports, "sqlmodel", "Relationship");
    }
    if listing.sort_alias.is_some() {
        add_import(&mut schema_std, "typing", "Literal");
    }
    let has_errors = r.operations.iter().any(|&o| o != Operation::List);
    let aliased = !update_aliases.is_empty() || !pattern_aliases.is_empty();
    if aliased {
        add_import(&mut schema_std, "typing", "Annotated");
    }
    let mut pydantic_imports = Vec::new();
    input_imports(&types, writes, &mut pydantic_imports, &mut schema_std);
    if !pattern_aliases.is_empty() {
        add_import(&mut pydantic_imports, "pydantic", "AfterValidator");
        add_import(&mut pydantic_imports, "pydantic", "StringConstraints");
    }
    let mut pydantic = |m: &str, n: &str| pydantic_imports.push(pair(m, n));
    let not_null = r.has(Operation::Update) && r.fields.iter().any(|f| !f.ty.optional);
    if not_null {
        pydantic("pydantic", "field_validator");
        pydantic("pydantic.json_schema", "SkipJsonSchema");
    }
    let literal = r
        .fields
        .iter()
        .find(|f| matches!(f.ty.scalar, crate::request::Scalar::Literal(_)) && !f.ty.list);
    let changed = updated_field(r);
    let unique_fields: Vec<String> = r
        .fields
        .iter()
        .filter(|f| f.constraints.unique)
        .map(|f| f.name.clone())
        .collect();
    let mut create_updates = Vec::new();
    if let Some(p) = r.parent_field() {
        create_updates.push(format!("\"{0}\": {0}", p.name));
    }
    if let Some(o) = r.owner_field() {
        create_updates.push(format!("\"{0}\": self.{0}", o.name));
    }
    if r.timestamps {
        create_updates.extend(["\"created_at\": now".into(), "\"updated_at\": now".into()]);
    }
    let list_where = if listing.filtered {
        ".where(*where)".to_string()
    } else {
        let scopes: Vec<&str> = [(r.parent.is_some(), "under"), (r.owner.is_some(), "mine")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect();
        if scopes.is_empty() {
            String::new()
        } else {
            format!(".where({})", scopes.join(", "))
        }
    };
    Ok(ResourceView {
        parent,
        owner,
        references,
        not_null: r
            .fields
            .iter()
            .filter(|f| !f.ty.optional)
            .map(|f| f.name.clone())
            .collect(),
        sqlmodel_imports: sqlmodel_names
            .into_iter()
            .map(|n| ["sqlmodel".to_string(), n])
            .collect(),
        json_column: json_column && table_here,
        table_json: json_column,
        listing,
        table_here,
        table_file: text(files.model.as_deref().unwrap_or(&files.schema)),
        columns: table.columns,
        model_std_imports: table.std_imports,
        model_sqlmodel_imports: table.sqlmodel_imports,
        model_project_imports: table.project_imports,
        schema_std_imports: schema_std,
        service_imports,
        endpoint_imports,
        test_imports,
        session_dependency,
        model_base,
        schema_project_imports,
        error_body: "ErrorBody".to_string(),
        unique: !unique_fields.is_empty(),
        create_updates: create_updates.clone(),
        create_update_line: (!create_updates.is_empty() && create_updates.len() <= 2)
            .then(|| format!("update={{{}}},", create_updates.join(", "))),
        list_where,
        conflict: text(&conflict_detail(model, &unique_fields)),
        variants: variants(r),
        out_of_bounds: out_of_bounds(r),
        update_aliases,
        pattern_aliases,
        unique_fields,
        has_errors,
        invalid_field: literal.map(|f| f.name.clone()).or_else(|| {
            r.fields
                .iter()
                .find(|f| !f.is_optional())
                .map(|f| f.name.clone())
        }),
        update_field: changed.map_or_else(String::new, |f| f.name.clone()),
        // A value the field allows that differs from the example, where there is one.
        update_value: text_json(
            changed.map_or(Json::Null, |f| match (&f.ty.scalar, &f.example) {
                (crate::request::Scalar::Literal(values), Example::Str(s)) => {
                    Json::from(values.iter().find(|v| *v != s).unwrap_or(s).as_str())
                }
                (_, Example::Str(s)) if !f.ty.list => {
                    let updated = format!("{s} (updated)");
                    if f.constraints.admits_text(&updated) {
                        Json::from(updated)
                    } else {
                        variant(f, 1).unwrap_or_else(|| Json::from(s.as_str()))
                    }
                }
                (_, other) => other.to_json(),
            }),
        ),
        unknown_id: match r.id_type {
            IdType::Int => Json::from(999_999),
            IdType::Uuid => Json::from("00000000-0000-0000-0000-000000000000"),
        },
        invalid_value: match literal.map(|f| &f.ty.scalar) {
            // Quoted values may be any text: the invalid one is none of them.
            Some(crate::request::Scalar::Literal(values)) => {
                let mut invalid = "not one of the values".to_string();
                while values.contains(&invalid) {
                    invalid.push('!');
                }
                Json::from(invalid)
            }
            _ => Json::Null,
        },
        base: format!("{model}Base"),
        create: format!("{model}Create"),
        update: format!("{model}Update"),
        public: format!("{model}Public"),
        many_public,
        id_name: r.id_name.clone(),
        id_type: match r.id_type {
            IdType::Int => "int".into(),
            IdType::Uuid => "UUID".into(),
        },
        id_is_uuid: r.id_type == IdType::Uuid,
        collection_url: url(&feature.path),
        item_url: url(&item_path),
        router_prefix: text(&feature.path),
        collection_path: String::new(),
        item_path: text(&format!("/{{{}}}", r.id_name)),
        local_session_dep: layout.session_dependency.is_some(),
        ops_summary: ops_summary(&r.operations),
        has_optional: r.fields.iter().any(crate::request::Field::is_optional),
        timestamps: r.timestamps,
        ops: Ops::of(r),
        names: OpNames::of(r, &plural),
        fields,
        update_fields,
        pydantic_imports,
        types,
        id_param: match r.id_type {
            IdType::Int => "ItemId".into(),
            IdType::Uuid => "UUID".into(),
        },
        not_found: text(
            &feature
                .errors
                .first()
                .map_or_else(|| format!("{model} not found"), |e| e.description.clone()),
        ),
        referenced: text(&format!("Other rows refer to this {model}")),
        singular: r.singular.clone(),
        plural,
        model: model.clone(),
    })
}
