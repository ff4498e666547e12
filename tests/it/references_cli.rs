//! References between resources (SPEC §13), as a user runs them: what the request may
//! say, what the project must hold for it, and `remove` of a resource others refer to.
//! What the generated code does with them is the e2e tests' (SQLite, PostgreSQL,
//! schemathesis, examples/appointments.yaml).

use crate::common::{project, run_in, snapshot};

const OWNERS: &str = "feature: owners\ndescription: Owners.\nkind: resource\nresource:\n  \
                      id: {type: uuid}\nmodel:\n  name: Owner\n  fields:\n    \
                      - {name: name, type: str, example: Ann}\n";

/// A project with a uuid-id resource `owners` and an endpoint `hello`.
fn owners_project() -> tempfile::TempDir {
    let dir = project();
    std::fs::write(dir.path().join("owners.yaml"), OWNERS).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "owners.yaml"], b"");
    assert_eq!(r.code, 0, "owners: {}", r.stderr);
    std::fs::remove_file(dir.path().join("owners.yaml")).unwrap();
    let r = run_in(dir.path(), &["feature", "hello"], b"");
    assert_eq!(r.code, 0, "hello: {}", r.stderr);
    dir
}

/// A resource `pets` whose model has `fields` (YAML flow items).
fn pets(fields: &str) -> String {
    format!(
        "feature: pets\ndescription: Pets.\nkind: resource\nmodel:\n  name: Pet\n  fields:\n{}",
        fields
            .lines()
            .map(|l| format!("    - {}\n", l.trim()))
            .collect::<String>()
    )
}

#[test]
fn bad_references_are_refused_with_one_line_and_nothing_written() {
    let dir = owners_project();
    let before = snapshot(dir.path());
    for (fields, needle) in [
        (
            "{name: vet_id, type: int, references: vets, example: 1}",
            "model field 'vet_id': references 'vets', which is no feature of the project \
             (resources: owners)",
        ),
        (
            "{name: hello_id, type: int, references: hello, example: 1}",
            "references 'hello', which is an endpoint, not a resource",
        ),
        (
            "{name: owner_id, type: int, references: owners, example: 1}",
            "references 'owners', whose id is uuid: the field's type must be uuid",
        ),
        (
            "{name: owner_id, type: uuid, references: owners, on_delete: set_null, example: \
             0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}",
            "model field 'owner_id': on_delete: set_null needs a field that may be null",
        ),
        (
            "{name: owner_id, type: uuid, on_delete: cascade, example: \
             0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}",
            "on_delete needs references",
        ),
        (
            "{name: owner_id, type: uuid, references: owners, on_delete: drop, example: \
             0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}",
            "on_delete must be one of cascade, restrict, set_null",
        ),
        (
            "{name: owner_ids, type: 'list[uuid]', references: owners, example: []}",
            "references applies to an int or uuid field (the referenced id), not list[uuid]",
        ),
        (
            "{name: owner_name, type: str, references: owners, example: Ann}",
            "references applies to an int or uuid field",
        ),
        (
            "{name: parent_id, type: int, references: pets, example: 1}",
            "model field 'parent_id': references its own resource 'pets', so it must be \
             optional (`| None`)",
        ),
        (
            "{name: parent_id, type: 'int | None', references: pets, example: 1}",
            "a reference to the resource's own rows takes `example: null`",
        ),
        (
            "{name: parent_id, type: 'uuid | None', references: pets}",
            "references its own resource, whose id is int: the field's type must be int | None",
        ),
        (
            "{name: owner_id, type: uuid, references: owners, example: \
             0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}\n{name: owner, type: str, example: Ann}",
            "its relationship to the referenced row is named 'owner', which is a column",
        ),
        (
            "{name: vet_id, type: int, references: {table: vet, column: id, type: int}, \
             example: 1}",
            "model field 'vet_id': references table 'vet', which no class of the project \
             defines",
        ),
        (
            "{name: pet_id, type: int, references: Bad Name!, example: 1}",
            "references must name a resource feature of the project",
        ),
        (
            "{name: owner_id, type: int, references: owners, example: 0}",
            "the example of a reference is an id, from 1",
        ),
    ] {
        std::fs::write(dir.path().join("pets.yaml"), pets(fields)).unwrap();
        let r = run_in(dir.path(), &["feature", "--request", "pets.yaml"], b"");
        r.assert_invalid(needle);
        std::fs::remove_file(dir.path().join("pets.yaml")).unwrap();
        assert_eq!(snapshot(dir.path()), before, "{fields}: the tree changed");
    }
}

#[test]
fn an_endpoint_body_cannot_reference() {
    let dir = project();
    let text = "feature: adopt\ndescription: Adopt.\nendpoint: {method: POST}\nrequest:\n  \
                fields:\n    - {name: pet_id, type: int, references: pets, example: 1}\n";
    std::fs::write(dir.path().join("adopt.yaml"), text).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "adopt.yaml"], b"");
    r.assert_invalid("request field 'pet_id': references applies to a resource model's fields");
}

#[test]
fn a_referenced_resource_is_removed_only_after_those_referring_to_it() {
    let dir = owners_project();
    let pristine = snapshot(dir.path());
    let fields = "{name: owner_id, type: uuid, references: owners, on_delete: cascade, example: \
                  0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}\n{name: name, type: str, example: Rex}";
    std::fs::write(dir.path().join("pets.yaml"), pets(fields)).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "pets.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::remove_file(dir.path().join("pets.yaml")).unwrap();
    let model = std::fs::read_to_string(dir.path().join("petsage/models/pets.py")).unwrap();
    assert!(
        model.contains("foreign_key=\"owner.id\"") && model.contains("ondelete=\"CASCADE\""),
        "{model}"
    );
    let with_pets = snapshot(dir.path());
    let r = run_in(dir.path(), &["remove", "owners"], b"");
    r.assert_refused("not removing 'owners': the resource pets refers to its rows");
    assert_eq!(
        snapshot(dir.path()),
        with_pets,
        "a refused remove changed the tree"
    );
    // --force is about edited files; it never leaves a model importing a deleted one.
    let r = run_in(dir.path(), &["remove", "owners", "--force"], b"");
    r.assert_refused("remove it first");
    let r = run_in(dir.path(), &["remove", "pets"], b"");
    assert_eq!(r.code, 0, "remove pets: {}", r.stderr);
    assert_eq!(
        snapshot(dir.path()),
        pristine,
        "remove pets did not restore the tree"
    );
    let r = run_in(dir.path(), &["remove", "owners"], b"");
    assert_eq!(r.code, 0, "remove owners: {}", r.stderr);
}

/// The errors module an earlier resource wrote, as an older template had it: without
/// `UnknownReferenceError` (and its import).
fn older_errors_module(dir: &std::path::Path) -> String {
    let path = dir.join("petsage/errors.py");
    let text = std::fs::read_to_string(&path).unwrap();
    let cut = |t: &str, from: &str, to: &str| {
        let (i, j) = (t.find(from).unwrap(), t.find(to).unwrap());
        format!("{}{}", &t[..i], &t[j..])
    };
    let older = cut(
        &text,
        "class UnknownReferenceError",
        "class DomainErrorRoute",
    );
    let older = cut(
        &older,
        "            except UnknownReferenceError",
        "            except DomainError",
    )
    .replace(
        "from fastapi.exceptions import RequestValidationError\n",
        "",
    );
    std::fs::write(&path, &older).unwrap();
    older
}

#[test]
fn an_older_errors_module_is_brought_up_to_date_and_an_edited_one_refuses() {
    let refers = pets(
        "{name: owner_id, type: uuid, references: owners, example: \
         0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}\n{name: name, type: str, example: Rex}",
    );
    // Unedited since an older generation: its record holds its hash.
    let dir = owners_project();
    let older = older_errors_module(dir.path());
    let record = dir.path().join(".petsage-build/owners.yaml");
    let text = std::fs::read_to_string(&record).unwrap();
    let older_hash = {
        use sha2::Digest as _;
        format!("sha256:{:x}", sha2::Sha256::digest(older.as_bytes()))
    };
    let key = "\"petsage/errors.py\": \"sha256:";
    let line = text.lines().find(|l| l.contains(key)).unwrap().to_string();
    let text = text.replace(
        &line,
        &format!("    \"petsage/errors.py\": \"{older_hash}\","),
    );
    std::fs::write(&record, text).unwrap();
    std::fs::write(dir.path().join("pets.yaml"), &refers).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "pets.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("overwrote petsage/errors.py"),
        "{}",
        r.stdout
    );
    let now = std::fs::read_to_string(dir.path().join("petsage/errors.py")).unwrap();
    assert!(now.contains("class UnknownReferenceError("), "{now}");

    // Edited: left alone, and a resource with references refused.
    let dir = owners_project();
    older_errors_module(dir.path());
    let before = snapshot(dir.path());
    std::fs::write(dir.path().join("pets.yaml"), &refers).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "pets.yaml"], b"");
    r.assert_refused("its service raises UnknownReferenceError, which petsage/errors.py");
    std::fs::remove_file(dir.path().join("pets.yaml")).unwrap();
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a refused run changed the tree"
    );
}

/// A resource `notes` under `owners` (`resource.parent`), its `resource` lines and model
/// fields given.
fn notes(resource: &str, fields: &str) -> String {
    format!(
        "feature: notes\ndescription: Notes.\nkind: resource\nresource:\n{}model:\n  name: Note\n  \
         fields:\n{}",
        resource
            .lines()
            .map(|l| format!("  {}\n", l.trim()))
            .collect::<String>(),
        fields
            .lines()
            .map(|l| format!("    - {}\n", l.trim()))
            .collect::<String>()
    )
}

#[test]
fn bad_parents_are_refused_with_one_line_and_nothing_written() {
    let dir = owners_project();
    let text = "{name: text, type: str, example: Hi}";
    // A resource nested under owners, for the parent that is nested itself.
    std::fs::write(dir.path().join("n.yaml"), notes("parent: owners", text)).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "n.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(dir.path());
    let nested = "feature: replies\ndescription: Replies.\nkind: resource\nresource:\n  \
                  parent: notes\nmodel:\n  fields:\n    - {name: text, type: str, example: Hi}\n";
    for (text, needle) in [
        (
            notes("parent: vets", text),
            "resource.parent: 'vets' is no feature of the project (resources: notes, owners)",
        ),
        (
            notes("parent: hello", text),
            "resource.parent: 'hello' is an endpoint, not a resource",
        ),
        (
            notes("parent: {resource: owners, on_delete: set_null}", text),
            "resource.parent.on_delete must be cascade or restrict",
        ),
        (
            notes("parent: {on_delete: cascade}", text),
            "missing required key 'resource.parent.resource'",
        ),
        (
            notes("parent: [owners]", text),
            "resource.parent must name a resource feature of the project",
        ),
        (
            notes("parent: notes", text),
            "resource.parent: 'notes' is this resource",
        ),
        (
            notes(
                "parent: owners",
                "{name: owner_id, type: uuid, example: 0b5f8c9e-3c7a-4d2b-9b1e-2f6a1c4d8e7f}",
            ),
            "model field 'owner_id' is the column the parent 'owners' gives its rows",
        ),
        (
            notes("parent: owners\nid: {name: owner_id}", text),
            "has the id 'owner_id', which is this resource's id too",
        ),
        (
            notes("parent: owners", "{name: owner, type: str, example: Ann}"),
            "gives the relationship 'owner' to the parent row, which is a column",
        ),
        (
            nested.to_string(),
            "resource.parent: 'notes' is nested under a parent itself; nesting goes one \
             level deep",
        ),
    ] {
        std::fs::write(dir.path().join("r.yaml"), &text).unwrap();
        let r = run_in(dir.path(), &["feature", "--request", "r.yaml"], b"");
        r.assert_invalid(needle);
        std::fs::remove_file(dir.path().join("r.yaml")).unwrap();
        assert_eq!(snapshot(dir.path()), before, "{text}: the tree changed");
    }
}

#[test]
fn a_nested_resource_is_served_under_its_parent_and_removed_cleanly() {
    let dir = owners_project();
    let pristine = snapshot(dir.path());
    let text = notes(
        "parent: {resource: owners, on_delete: restrict}\npath: /notes",
        "{name: text, type: str, example: Hi}",
    );
    std::fs::write(dir.path().join("n.yaml"), text).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "n.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::remove_file(dir.path().join("n.yaml")).unwrap();
    let endpoint =
        std::fs::read_to_string(dir.path().join("petsage/api/v1/endpoints/notes.py")).unwrap();
    assert!(
        endpoint.contains("prefix=\"/owners/{owner_id}/notes\"")
            && endpoint.contains("    owner_id: UUID,\n    note_id: ItemId,"),
        "{endpoint}"
    );
    let model = std::fs::read_to_string(dir.path().join("petsage/models/notes.py")).unwrap();
    assert!(
        model.contains(
            "    owner_id: UUID = Field(\n        index=True,\n        \
                        foreign_key=\"owner.id\",\n        ondelete=\"RESTRICT\",\n    )"
        ),
        "{model}"
    );
    let r = run_in(dir.path(), &["check"], b"");
    assert_eq!(r.code, 0, "check: {}", r.stdout);
    let r = run_in(dir.path(), &["remove", "owners"], b"");
    r.assert_refused("not removing 'owners': the resource notes refers to its rows");
    let r = run_in(dir.path(), &["remove", "notes"], b"");
    assert_eq!(r.code, 0, "remove notes: {}", r.stderr);
    assert_eq!(
        snapshot(dir.path()),
        pristine,
        "remove notes did not restore the tree"
    );
}

#[test]
fn a_parent_whose_relationship_name_the_model_uses_is_refused() {
    let dir = project();
    let days = "feature: days\ndescription: Days.\nkind: resource\nresource:\n  \
                id: {name: datetime_id}\nmodel:\n  name: Day\n  fields:\n    \
                - {name: label, type: str, example: Monday}\n";
    std::fs::write(dir.path().join("days.yaml"), days).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "days.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = snapshot(dir.path());
    let text = notes("parent: days", "{name: text, type: str, example: Hi}");
    std::fs::write(dir.path().join("n.yaml"), text).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "n.yaml"], b"");
    // `datetime` is a type the model's class body uses.
    r.assert_invalid("resource.parent: 'days' gives the relationship 'datetime' to the parent row, which is a name");
    std::fs::remove_file(dir.path().join("n.yaml")).unwrap();
    assert_eq!(snapshot(dir.path()), before, "the tree changed");
}
