//! `rapport backup`: a consistent copy of an SQLite database while the server runs.

use super::*;

fn sqlx_error(err: sea_orm::sqlx::Error) -> StoreError {
    StoreError::Database(DbErr::Exec(sea_orm::RuntimeErr::SqlxError(err.into())))
}

impl Store {
    /// Writes a copy of this SQLite database to `path` with `VACUUM INTO`, which reads one
    /// consistent snapshot, so the server may keep writing meanwhile. `path` must not exist.
    /// It runs on a reading connection, not the writer, so writers need not wait for the copy;
    /// `VACUUM INTO` writes only the new file, but SQLite refuses it under `query_only`, which
    /// is lifted for this one statement and set again before the connection goes back.
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> StoreResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Conflict(
                "Rapport copies SQLite databases only; back up PostgreSQL with pg_dump".into(),
            ));
        }
        let path = path
            .to_str()
            .ok_or_else(|| StoreError::Conflict(format!("the backup's file name {} is not UTF-8", path.display())))?;
        use sea_orm::sqlx::Connection as _;
        let mut conn = self.db.get_sqlite_connection_pool().acquire().await.map_err(sqlx_error)?;
        sea_orm::sqlx::query("PRAGMA query_only = OFF").execute(&mut *conn).await.map_err(sqlx_error)?;
        let copied = sea_orm::sqlx::query("VACUUM INTO ?").bind(path).execute(&mut *conn).await;
        if sea_orm::sqlx::query("PRAGMA query_only = ON").execute(&mut *conn).await.is_err() {
            // Never hand a connection that may write back to the reading pool.
            let _ = conn.detach().close().await;
        }
        copied.map_err(sqlx_error)?;
        Ok(())
    }
}
