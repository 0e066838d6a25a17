//! Writing a workspace's archive, and finding the workspace the command line names.

use super::*;

/// The accounts of the installation, so person columns can be written as e-mail addresses.
struct People {
    accounts: HashMap<Uuid, (String, String)>,
    /// Everyone the document names, by e-mail, with their name.
    named: BTreeMap<String, String>,
}

impl People {
    /// The e-mail address of the person whose id `json` holds; null for nobody known.
    fn email(&mut self, json: &Json) -> Json {
        let account = json.as_str().and_then(|id| Uuid::parse_str(id).ok()).and_then(|id| self.accounts.get(&id));
        match account {
            Some((email, name)) => {
                self.named.insert(email.clone(), name.clone());
                Json::String(email.clone())
            }
            None => Json::Null,
        }
    }

    fn emails(&mut self, json: &Json) -> Json {
        let ids = json.as_array().cloned().unwrap_or_default();
        Json::Array(ids.iter().map(|id| self.email(id)).filter(|email| !email.is_null()).collect())
    }
}

fn export_row(
    table: &Table,
    columns: &[Column],
    values: Vec<Value>,
    people: &mut People,
) -> StoreResult<Map<String, Json>> {
    let mut row = Map::new();
    for (column, value) in columns.iter().zip(values) {
        if !table.archived(column) {
            continue;
        }
        let json = to_json(value)?;
        let json = match table.link(column.name) {
            Some(Link::Person | Link::Member) => people.email(&json),
            Some(Link::People) => people.emails(&json),
            _ => json,
        };
        row.insert(column.name.to_owned(), json);
    }
    Ok(row)
}

/// Writes one list of the document, one row per line.
fn write_list<T: serde::Serialize>(out: &mut (dyn Write + Send), first: &mut bool, item: &T) -> std::io::Result<()> {
    if *first {
        *first = false;
        write!(out, "\n  ")?;
    } else {
        write!(out, ",\n  ")?;
    }
    serde_json::to_writer(&mut *out, item)?;
    Ok(())
}

impl Store {
    /// A transaction that reads one consistent state of the database: REPEATABLE READ on
    /// PostgreSQL; on SQLite (WAL) every read transaction already sees one snapshot.
    async fn begin_snapshot(&self) -> StoreResult<DatabaseTransaction> {
        let options = match self.backend() {
            DbBackend::Postgres => TransactionOptions {
                isolation_level: Some(IsolationLevel::RepeatableRead),
                access_mode: Some(AccessMode::ReadOnly),
                ..Default::default()
            },
            _ => TransactionOptions::default(),
        };
        Ok(self.db.begin_with_options(options).await?)
    }

    /// Writes the workspace's archive to `out`, read from one consistent state of the
    /// database. `progress(done, total)` counts records.
    pub async fn export_workspace(
        &self,
        workspace_id: Uuid,
        answers: SurveyAnswers,
        out: &mut (dyn Write + Send),
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ExportSummary, ArchiveError> {
        // Closed surveys travel as their published results, so those must exist first.
        self.seal_closed_surveys(workspace_id).await?;
        let txn = self.begin_snapshot().await?;
        let workspace = workspaces::Entity::find_by_id(workspace_id).one(&txn).await?.ok_or(StoreError::NotFound)?;
        let mut total = 0;
        for table in TABLES.iter().filter(|t| t.included(answers)) {
            total += table.rows.count(&txn, workspace_id).await?;
        }
        let accounts = users::Entity::find()
            .select_only()
            .columns([users::Column::Id, users::Column::Email, users::Column::Name])
            .into_tuple::<(Uuid, String, String)>()
            .all(&txn)
            .await?;
        let mut people = People {
            accounts: accounts.into_iter().map(|(id, email, name)| (id, (email, name))).collect(),
            named: BTreeMap::new(),
        };

        let header = serde_json::json!({ "id": workspace.id, "name": workspace.name, "created_at": moment(workspace.created_at), "time_zone": workspace.time_zone, "default_language": workspace.default_language });
        write!(out, "{{\n\"format\": {},\n\"version\": {VERSION},\n", Json::from(FORMAT))?;
        write!(
            out,
            "\"exported_at\": {},\n\"anonymous_answers\": {},\n",
            Json::from(moment(self.now())),
            Json::from(answers.as_str())
        )?;
        write!(out, "\"workspace\": {header}")?;
        let mut done = 0;
        progress(done, total);
        for table in TABLES {
            write!(out, ",\n{}: [", Json::from(table.name))?;
            let mut first = true;
            if table.included(answers) {
                let columns = table.rows.columns();
                let id = position(&columns, "id");
                let mut after = None;
                loop {
                    let page = table.rows.read(&txn, workspace_id, after, PAGE as u64).await?;
                    let full = page.len() == PAGE;
                    after = match page.last().map(|row| &row[id]) {
                        Some(Value::Uuid(Some(last))) => Some(*last),
                        _ => None,
                    };
                    for values in page {
                        write_list(out, &mut first, &export_row(table, &columns, values, &mut people)?)?;
                        done += 1;
                    }
                    progress(done, total);
                    if !full || after.is_none() {
                        break;
                    }
                }
            }
            write!(out, "{}]", if first { "" } else { "\n" })?;
        }
        write!(out, ",\n\"people\": [")?;
        let mut first = true;
        for (email, name) in &people.named {
            write_list(out, &mut first, &serde_json::json!({ "email": email, "name": name }))?;
        }
        write!(out, "{}]\n}}\n", if first { "" } else { "\n" })?;
        out.flush()?;
        txn.commit().await?;
        Ok(ExportSummary { workspace_name: workspace.name, records: done })
    }

    /// The workspace whose id or exact name (ignoring case) is `id_or_name`.
    pub async fn find_workspace(&self, id_or_name: &str) -> StoreResult<(Uuid, String)> {
        let all: Vec<(Uuid, String)> = workspaces::Entity::find()
            .select_only()
            .columns([workspaces::Column::Id, workspaces::Column::Name])
            .order_by_asc(workspaces::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let wanted = id_or_name.trim();
        if let Ok(id) = Uuid::parse_str(wanted) {
            return all.into_iter().find(|(w, _)| *w == id).ok_or(StoreError::NotFound);
        }
        let mut named: Vec<(Uuid, String)> =
            all.into_iter().filter(|(_, name)| name.to_lowercase() == wanted.to_lowercase()).collect();
        match named.len() {
            0 => Err(StoreError::NotFound),
            1 => Ok(named.remove(0)),
            n => {
                let ids: Vec<String> = named.iter().map(|(id, _)| id.to_string()).collect();
                Err(StoreError::Conflict(format!(
                    "{n} workspaces are named {wanted:?}; name one by its id: {}",
                    ids.join(", ")
                )))
            }
        }
    }
}
