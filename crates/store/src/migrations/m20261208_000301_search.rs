//! The search index (`store/search.rs`). The searched text of each kind is one expression,
//! [`SEARCHED`], used by both databases: on PostgreSQL a GIN index on its `tsvector`; on SQLite
//! an FTS5 table kept by triggers, `search_text`, whose rowids are the integer keys of
//! `search_rows` (a record's UUID has no stable integer of its own: an implicit rowid may change
//! on `VACUUM`), and whose `kind` column names the table. The index holds words only
//! (contentless); the records keep their text.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

pub(super) struct Search;

impl MigrationName for Search {
    fn name(&self) -> &str {
        "m20261208_000301_search"
    }
}

/// Each searched table, the columns its text comes from, and that text as SQL over a row
/// named by the placeholder `{r}`. `store/search.rs` builds the same text in its queries.
pub const SEARCHED: [(&str, &[&str], &str); 6] = [
    ("organizations", &["name"], "{r}name"),
    ("contacts", &["name"], "{r}name"),
    ("partnerships", &["name"], "{r}name"),
    ("goals", &["statement"], "{r}statement"),
    ("commitments", &["description"], "{r}description"),
    (
        "checkins",
        &["agenda", "notes", "decisions"],
        "coalesce({r}agenda, '') || ' ' || coalesce({r}notes, '') || ' ' || coalesce({r}decisions, '')",
    ),
];

pub fn searched_text(template: &str, row: &str) -> String {
    template.replace("{r}", row)
}

#[async_trait::async_trait]
impl MigrationTrait for Search {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for (table, _, text) in SEARCHED {
                    db.execute_unprepared(&format!(
                        "CREATE INDEX search_{table} ON {table} USING gin (to_tsvector('simple', {}))",
                        searched_text(text, "")
                    ))
                    .await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE search_rows (n INTEGER PRIMARY KEY, record_id uuid_text NOT NULL UNIQUE)",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_text USING fts5(body, kind, content = '', contentless_delete = 1, \
                     tokenize = 'unicode61 remove_diacritics 2')",
                )
                .await?;
                for (table, columns, text) in SEARCHED {
                    let new = searched_text(text, "new.");
                    let row = |r: &str| format!("(SELECT n FROM search_rows WHERE record_id = {r}.id)");
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN \
                         INSERT INTO search_rows (record_id) VALUES (new.id); \
                         INSERT INTO search_text (rowid, body, kind) VALUES ({}, {new}, '{table}'); END",
                        row("new")
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER search_{table}_update AFTER UPDATE OF {} ON {table} BEGIN \
                         DELETE FROM search_text WHERE rowid = {}; \
                         INSERT INTO search_text (rowid, body, kind) VALUES ({}, {new}, '{table}'); END",
                        columns.join(", "),
                        row("old"),
                        row("new")
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN \
                         DELETE FROM search_text WHERE rowid = {}; \
                         DELETE FROM search_rows WHERE record_id = old.id; END",
                        row("old")
                    ))
                    .await?;
                    db.execute_unprepared(&format!("INSERT INTO search_rows (record_id) SELECT id FROM {table}"))
                        .await?;
                    db.execute_unprepared(&format!(
                        "INSERT INTO search_text (rowid, body, kind) SELECT s.n, {}, '{table}' FROM {table} t \
                         JOIN search_rows s ON s.record_id = t.id",
                        searched_text(text, "t.")
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }
}
