//! `references: {table, column, type}` (SPEC §13): a resource's field that refers to a
//! table the project's own code defines. What the generated code does with it is the
//! e2e tests' (examples/tasks.yaml, on SQLite and PostgreSQL).

use crate::common::{project, run_in, snapshot};

fn read(dir: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// A hand-written table model keyed by a uuid column named `key`, with columns of each
/// kind a test can fill.
const TEAMS: &str = "import uuid\n\nfrom sqlmodel import Field, SQLModel\n\n\n\
class Team(SQLModel, table=True):\n    __tablename__ = \"teams\"\n\n    \
key: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)\n    \
name: str = Field(unique=True, max_length=50)\n    size: int\n    active: bool = True\n";

/// A project with `petsage/models/team.py` (TEAMS) and `more` beside it.
fn teams_project(more: &str) -> tempfile::TempDir {
    let dir = project();
    let models = dir.path().join("petsage/models");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::write(models.join("__init__.py"), "").unwrap();
    std::fs::write(models.join("team.py"), format!("{TEAMS}{more}")).unwrap();
    dir
}

/// A resource `players` with one field (a YAML flow mapping).
fn players(field: &str) -> String {
    format!(
        "feature: players\ndescription: Players.\nkind: resource\nmodel:\n  name: Player\n  \
         fields:\n    - {{name: name, type: str, example: Ann}}\n    - {field}\n"
    )
}

#[test]
fn a_handwritten_table_is_referred_to_by_its_primary_key() {
    let dir = teams_project("");
    let field = "{name: team_key, type: uuid, references: {table: teams, column: key, type: \
                 uuid}, on_delete: cascade}";
    std::fs::write(dir.path().join("players.yaml"), players(field)).unwrap();
    let r = run_in(dir.path(), &["feature", "--request", "players.yaml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let model = read(dir.path(), "petsage/models/players.py");
    assert!(
        model.contains("from petsage.models.team import Team"),
        "{model}"
    );
    assert!(model.contains("foreign_key=\"teams.key\""), "{model}");
    assert!(model.contains("ondelete=\"CASCADE\""), "{model}");
    assert!(
        model.contains("team_key_row: Team = Relationship("),
        "{model}"
    );
    let revisions = dir.path().join("migrations/versions");
    let revision = std::fs::read_dir(&revisions)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("create_table"))
        .unwrap();
    assert!(revision.contains("[\"teams.key\"]"), "{revision}");
    let tests = read(dir.path(), "petsage/tests/test_api/test_v1/test_players.py");
    // A row of the table is stored with what it has no default for, and its own key.
    assert!(tests.contains("Team.model_validate("), "{tests}");
    assert!(tests.contains("\"key\": \"0b5f8c9e-"), "{tests}");
    assert!(tests.contains("\"size\": 1,"), "{tests}");
    let doc = read(dir.path(), "petsage/feature_docs/players.md");
    assert!(
        doc.contains("`Team` (hand-written, table `teams`)"),
        "{doc}"
    );
    // `check` reads the reference back from the revision.
    let r = run_in(dir.path(), &["check"], b"");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn a_reference_the_table_cannot_take_is_refused_with_one_line_and_nothing_written() {
    let others = "\n\nclass Legacy(Base):\n    __tablename__ = \"legacy\"\n    id: int\n\n\n\
class League(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    \
founded: datetime\n\n\nclass Match(SQLModel, table=True):\n    \
id: int | None = Field(default=None, primary_key=True)\n    \
league_id: int = Field(foreign_key=\"league.id\")\n\n\n\
class Squad(SQLModel, table=True):\n    __tablename__ = \"teams\"\n    id: int\n";
    let twice = teams_project(others);
    let dir = teams_project(&others.replace("\"teams\"", "\"squads\""));
    for (project, field, needle) in [
        (
            &dir,
            "{name: club_id, type: int, references: {table: clubs}}",
            "model field 'club_id': references table 'clubs', which no class of the project \
             defines",
        ),
        (
            &twice,
            "{name: team_key, type: uuid, references: {table: teams, column: key}}",
            "which more than one class defines (Team in petsage/models/team.py, Squad in \
             petsage/models/team.py)",
        ),
        (
            &dir,
            "{name: team_name, type: int, references: {table: teams, column: name}}",
            "whose column 'name' is not the primary key of class Team in \
             petsage/models/team.py",
        ),
        (
            &dir,
            "{name: team_key, type: int, references: {table: teams, column: key}}",
            "whose column 'key' is uuid: the field's type must be uuid",
        ),
        (
            &dir,
            "{name: team_key, type: int, references: {table: teams, column: key, type: uuid}}",
            "references.type is uuid, but the field is int",
        ),
        (
            &dir,
            "{name: legacy_id, type: int, references: {table: legacy}}",
            "which class Legacy in petsage/models/team.py defines without table=True",
        ),
        (
            &dir,
            "{name: league_id, type: int, references: {table: league}}",
            "whose column `founded: datetime` (class League in petsage/models/team.py) has \
             no default",
        ),
        (
            &dir,
            "{name: match_id, type: int, references: {table: match}}",
            "whose column 'league_id' (class Match in petsage/models/team.py) refers to \
             another table",
        ),
        (
            &dir,
            "{name: team_key, type: uuid, references: {table: teams, key: id}}",
            "unknown key 'references.key' (allowed: table, column, type)",
        ),
        (
            &dir,
            "{name: team_key, type: uuid, references: {table: \"teams; drop\"}}",
            "references.table must be a table's own name",
        ),
        (
            &dir,
            "{name: team_key, type: uuid, references: {column: key}}",
            "model field 'team_key': missing required key 'references.table'",
        ),
    ] {
        let before = snapshot(project.path());
        std::fs::write(project.path().join("players.yaml"), players(field)).unwrap();
        let r = run_in(
            project.path(),
            &["feature", "--request", "players.yaml"],
            b"",
        );
        r.assert_invalid(needle);
        std::fs::remove_file(project.path().join("players.yaml")).unwrap();
        assert_eq!(
            snapshot(project.path()),
            before,
            "{field}: the tree changed"
        );
    }
}
