//! Statements a write sends together (issue 21). On SQLite every statement crosses from the
//! async task to the connection's own thread and back, and that round trip costs about as
//! much as a small insert; a batch crosses once, as one text of several statements, which
//! sqlx runs in turn, binding the values in order. On PostgreSQL the same statements run one
//! after the other. Either way the rows they return come back in order, a failing statement
//! fails the batch (the caller's transaction then rolls back), and the SQL is written once for
//! both databases.

use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, StatementBuilder, Values};

use crate::StoreResult;

pub(crate) struct Batch {
    backend: DbBackend,
    statements: Vec<Statement>,
}

impl Batch {
    pub(crate) fn new(backend: DbBackend) -> Self {
        Batch { backend, statements: Vec::new() }
    }

    pub(crate) fn push(&mut self, statement: &impl StatementBuilder) {
        self.statements.push(statement.build(&self.backend));
    }

    /// Runs every statement and returns the rows they return, in order.
    pub(crate) async fn rows(self, conn: &impl ConnectionTrait) -> StoreResult<Vec<QueryResult>> {
        if self.backend != DbBackend::Sqlite {
            let mut rows = Vec::new();
            for statement in self.statements {
                rows.extend(conn.query_all_raw(statement).await?);
            }
            return Ok(rows);
        }
        let mut sql = String::new();
        let mut values = Vec::new();
        for statement in self.statements {
            sql.push_str(&statement.sql);
            sql.push_str(";\n");
            values.extend(statement.values.map(|Values(values)| values).unwrap_or_default());
        }
        Ok(conn.query_all_raw(Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)).await?)
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, DbBackend, sea_query::Query};

    use super::Batch;

    /// Values bind in order across the statements of a SQLite batch, and the rows of each
    /// statement come back in order.
    #[tokio::test]
    async fn a_batch_binds_each_statements_values_and_returns_their_rows_in_order() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared("CREATE TABLE t (n INTEGER, word TEXT)").await.unwrap();
        let mut batch = Batch::new(DbBackend::Sqlite);
        batch.push(Query::insert().into_table("t").columns(["n", "word"]).values_panic([1.into(), "one".into()]));
        batch.push(Query::insert().into_table("t").columns(["n", "word"]).values_panic([2.into(), "two".into()]));
        batch.push(Query::select().columns(["n", "word"]).from("t").order_by("n", sea_orm::Order::Asc));
        let rows = batch.rows(&db).await.unwrap();
        let read: Vec<(i32, String)> =
            rows.iter().map(|r| (r.try_get("", "n").unwrap(), r.try_get("", "word").unwrap())).collect();
        assert_eq!(read, [(1, "one".to_owned()), (2, "two".to_owned())]);
    }
}
