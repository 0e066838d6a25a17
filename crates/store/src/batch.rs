//! Statements a write sends together (issue 21), in one round trip to the database instead of
//! one each. On SQLite every statement crosses from the async task to the connection's own
//! thread and back, a trip that costs about as much as a small insert; there the batch is one
//! text of several statements, which sqlx runs in turn, binding the values in order. On
//! PostgreSQL, whose extended protocol takes one statement at a time, the statements but the
//! last become the data-modifying parts of one `WITH` query. Each statement is written once,
//! for both databases; only how they travel together differs.
//!
//! Only the last statement answers rows: PostgreSQL's `WITH` runs its parts on one snapshot, so
//! the last sees none of the others' changes, and SQLite's text would return every statement's
//! rows. A batch's statements must therefore not read what an earlier one wrote (foreign keys
//! are checked at the end, and do see it).

use sea_orm::sea_query::{CommonTableExpression, SubQueryStatement, WithClause};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Values};

use crate::StoreResult;

#[derive(Default)]
pub(crate) struct Batch {
    statements: Vec<SubQueryStatement>,
}

impl Batch {
    pub(crate) fn push(&mut self, statement: impl Into<SubQueryStatement>) {
        self.statements.push(statement.into());
    }

    /// Runs every statement, in order on SQLite, and returns the rows of the last.
    pub(crate) async fn rows(self, conn: &impl ConnectionTrait) -> StoreResult<Vec<QueryResult>> {
        let backend = conn.get_database_backend();
        let statement = match backend {
            DbBackend::Sqlite => {
                let mut sql = String::new();
                let mut values = Vec::new();
                for statement in &self.statements {
                    let statement = built(statement, backend);
                    sql.push_str(&statement.sql);
                    sql.push_str(";\n");
                    values.extend(statement.values.map(|Values(values)| values).unwrap_or_default());
                }
                Statement::from_sql_and_values(backend, sql, values)
            }
            _ => {
                let mut statements = self.statements;
                let Some(last) = statements.pop() else { return Ok(Vec::new()) };
                if statements.is_empty() {
                    built(&last, backend)
                } else {
                    let mut with = WithClause::new();
                    for (n, statement) in statements.into_iter().enumerate() {
                        with.cte(
                            CommonTableExpression::new().table_name(format!("part_{n}")).query(statement).to_owned(),
                        );
                    }
                    backend.build(&with.query(last))
                }
            }
        };
        Ok(conn.query_all_raw(statement).await?)
    }
}

fn built(statement: &SubQueryStatement, backend: DbBackend) -> Statement {
    match statement {
        SubQueryStatement::SelectStatement(s) => backend.build(s),
        SubQueryStatement::InsertStatement(s) => backend.build(s),
        SubQueryStatement::UpdateStatement(s) => backend.build(s),
        SubQueryStatement::DeleteStatement(s) => backend.build(s),
        SubQueryStatement::WithStatement(s) => backend.build(s),
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, sea_query::Query};

    use super::Batch;

    /// Values bind in order across the statements of a SQLite batch, and the last statement
    /// answers (the PostgreSQL form runs in the `it` suite's store tests).
    #[tokio::test]
    async fn a_batch_binds_each_statements_values_and_returns_the_last_ones_rows() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared("CREATE TABLE t (n INTEGER, word TEXT)").await.unwrap();
        let mut batch = Batch::default();
        batch.push(
            Query::insert().into_table("t").columns(["n", "word"]).values_panic([1.into(), "one".into()]).to_owned(),
        );
        batch.push(
            Query::insert().into_table("t").columns(["n", "word"]).values_panic([2.into(), "two".into()]).to_owned(),
        );
        batch.push(Query::select().columns(["n", "word"]).from("t").order_by("n", sea_orm::Order::Asc).to_owned());
        let rows = batch.rows(&db).await.unwrap();
        let read: Vec<(i32, String)> =
            rows.iter().map(|r| (r.try_get("", "n").unwrap(), r.try_get("", "word").unwrap())).collect();
        assert_eq!(read, [(1, "one".to_owned()), (2, "two".to_owned())]);
    }
}
