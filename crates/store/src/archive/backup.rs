//! `rapport backup`: a consistent copy of an SQLite database while the server runs.

use super::*;

impl Store {
    /// Writes a copy of this SQLite database to `path` with `VACUUM INTO`, which reads one
    /// consistent snapshot, so the server may keep writing meanwhile. `path` must not exist.
    pub async fn backup_sqlite(&self, path: &std::path::Path) -> StoreResult<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Conflict(
                "Rapport copies SQLite databases only; back up PostgreSQL with pg_dump".into(),
            ));
        }
        let path = path
            .to_str()
            .ok_or_else(|| StoreError::Conflict(format!("the backup's file name {} is not UTF-8", path.display())))?;
        self.db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [path.into()])).await?;
        Ok(())
    }
}
