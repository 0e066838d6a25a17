//! Reading an archive into a new workspace: checked first, then written in one transaction.

use super::*;

/// The parts of a document besides its tables.
const HEADER_FIELDS: &[&str] = &["format", "version", "exported_at", "anonymous_answers", "workspace", "people"];

/// A document checked and turned into rows ready to insert.
struct Prepared {
    workspace_id: Uuid,
    workspace_name: String,
    workspace_created_at: DateTime<Utc>,
    /// The workspace's time zone; UTC for an archive made before workspaces had one.
    workspace_time_zone: String,
    /// The workspace's default language; English for an archive made before workspaces had one.
    workspace_default_language: String,
    /// Each table's rows, as `TABLES` orders them.
    rows: Vec<Vec<Vec<Value>>>,
    report: ImportReport,
}

/// What the import knows while it reads the rows of a document.
struct Reader<'a> {
    /// The ids of each table's rows in the document.
    ids: HashMap<&'static str, HashSet<Uuid>>,
    /// The new id of every record when ids are replaced.
    new_ids: Option<HashMap<Uuid, Uuid>>,
    /// Accounts here, by e-mail address.
    accounts: &'a HashMap<String, Uuid>,
    without_account: BTreeSet<String>,
    skipped: u64,
}

/// Where in the document a value is, for messages: `commitments[3].due_on`.
fn at(table: &str, index: usize, column: &str) -> String {
    format!("{table}[{index}].{column}")
}

impl Reader<'_> {
    fn new_id(&self, id: Uuid) -> Uuid {
        self.new_ids.as_ref().and_then(|ids| ids.get(&id).copied()).unwrap_or(id)
    }

    /// Checks that `json` is the id of a record of one of `tables` in the document (any table
    /// when `tables` is empty) and gives its id in the new workspace.
    fn record(&self, json: &Json, tables: &[&str], place: &str) -> Result<Json, ArchiveError> {
        if json.is_null() {
            return Ok(Json::Null);
        }
        let id = json
            .as_str()
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or_else(|| bad_file(format!("the file's {place} must be an id (a UUID)")))?;
        let known = if tables.is_empty() {
            self.ids.values().any(|ids| ids.contains(&id))
        } else {
            tables.iter().any(|t| self.ids.get(t).is_some_and(|ids| ids.contains(&id)))
        };
        if !known {
            let what = if tables.is_empty() { "record".to_owned() } else { tables.join(" or ") };
            return Err(bad_file(format!("the file's {place} refers to {id}, which is not among the file's {what}")));
        }
        Ok(Json::String(self.new_id(id).to_string()))
    }

    /// The account here of the person `json` names by e-mail address, if any.
    fn account(&mut self, json: &Json, place: &str) -> Result<Option<Uuid>, ArchiveError> {
        let Some(email) = json.as_str() else {
            return if json.is_null() {
                Ok(None)
            } else {
                Err(bad_file(format!("the file's {place} must be an e-mail address")))
            };
        };
        let email = email.trim().to_lowercase();
        match self.accounts.get(&email) {
            Some(id) => Ok(Some(*id)),
            None => {
                self.without_account.insert(email);
                Ok(None)
            }
        }
    }

    /// One row of `table` as values to insert into `workspace_id`; `None` for a membership of
    /// someone without an account here.
    fn row(
        &mut self,
        table: &Table,
        columns: &[Column],
        index: usize,
        json: &Json,
        workspace_id: Uuid,
    ) -> Result<Option<Vec<Value>>, ArchiveError> {
        let object =
            json.as_object().ok_or_else(|| bad_file(format!("the file's {}[{index}] is not an object", table.name)))?;
        if let Some(unknown) =
            object.keys().find(|key| !columns.iter().any(|c| table.archived(c) && c.name == key.as_str()))
        {
            return Err(bad_file(format!(
                "the file's {}[{index}] has a field {unknown:?} that {} rows do not have",
                table.name, table.name
            )));
        }
        let mut values = Vec::with_capacity(columns.len());
        for column in columns {
            if column.name == "workspace_id" {
                values.push(Value::Uuid(Some(workspace_id)));
                continue;
            }
            if Some(column.name) == table.secret {
                // Filled in by the caller.
                values.push(Value::String(Some(String::new())));
                continue;
            }
            let place = at(table.name, index, column.name);
            let json = object.get(column.name).ok_or_else(|| bad_file(format!("the file's {place} is missing")))?;
            let json = match table.link(column.name) {
                Some(Link::Record(tables)) => self.record(json, tables, &place)?,
                Some(Link::AnyRecord) => self.record(json, &[], &place)?,
                Some(Link::RecordList(target)) => {
                    let items =
                        json.as_array().ok_or_else(|| bad_file(format!("the file's {place} must be a list of ids")))?;
                    let ids =
                        items.iter().map(|item| self.record(item, &[target], &place)).collect::<Result<Vec<_>, _>>()?;
                    Json::Array(ids)
                }
                Some(Link::Person) => match self.account(json, &place)? {
                    Some(id) => Json::String(id.to_string()),
                    // Nobody known here: the nil id where the column needs a person.
                    None if !column.nullable => Json::String(Uuid::nil().to_string()),
                    None => Json::Null,
                },
                Some(Link::People) => {
                    let items = json
                        .as_array()
                        .ok_or_else(|| bad_file(format!("the file's {place} must be a list of e-mail addresses")))?;
                    let mut ids = Vec::new();
                    for item in items {
                        if let Some(id) = self.account(item, &place)? {
                            ids.push(Json::String(id.to_string()));
                        }
                    }
                    Json::Array(ids)
                }
                Some(Link::Member) => match self.account(json, &place)? {
                    Some(id) => Json::String(id.to_string()),
                    None => {
                        self.skipped += 1;
                        return Ok(None);
                    }
                },
                None if column.name == "id" => match json.as_str().and_then(|v| Uuid::parse_str(v).ok()) {
                    Some(id) => Json::String(self.new_id(id).to_string()),
                    None => return Err(bad_file(format!("the file's {place} must be an id (a UUID)"))),
                },
                None => json.clone(),
            };
            if let Some((_, check)) = table.words.iter().find(|(name, _)| *name == column.name) {
                // A word, or a JSON list of words.
                let words = json.as_array().map(|items| items.iter().collect()).unwrap_or_else(|| vec![&json]);
                for text in words.into_iter().filter_map(Json::as_str) {
                    check(text).map_err(|why| bad_file(format!("the file's {place} holds {text:?}, but it {why}")))?;
                }
            }
            values.push(from_json(column, &json).map_err(|why| bad_file(format!("the file's {place} {why}")))?);
        }
        Ok(Some(values))
    }
}

/// Where the first text of `json` (or a field name) holds a control character other than tab,
/// newline and the CR of a CRLF, such as `checkins[3].notes`: Rapport never stores one, and
/// PostgreSQL refuses NUL outright.
fn control_characters(json: &Json, path: &str) -> Option<String> {
    use rapport_core::validate::has_control_characters;
    match json {
        Json::String(text) => has_control_characters(text).then(|| path.to_owned()),
        Json::Array(items) => {
            items.iter().enumerate().find_map(|(i, item)| control_characters(item, &format!("{path}[{i}]")))
        }
        Json::Object(fields) => fields.iter().find_map(|(name, item)| {
            let here = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            if has_control_characters(name) { Some(here) } else { control_characters(item, &here) }
        }),
        _ => None,
    }
}

/// The document's lists, by table name, after checking the document is an archive this
/// Rapport reads.
fn check_header(document: &Map<String, Json>) -> Result<(), ArchiveError> {
    match document.get("format").and_then(Json::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(bad_file(format!(
                "the file is not a Rapport workspace export: its format is {other:?}, not {FORMAT:?}"
            )));
        }
        None => {
            return Err(bad_file(format!(
                "the file is not a Rapport workspace export: it has no \"format\": {FORMAT:?}"
            )));
        }
    }
    match document.get("version").and_then(Json::as_u64) {
        Some(VERSION) => {}
        Some(other) => {
            return Err(bad_file(format!(
                "the file is a version {other} workspace export, and this Rapport reads version {VERSION}"
            )));
        }
        None => return Err(bad_file("the file's \"version\" is missing or not a number")),
    }
    if let Some(unknown) = document
        .keys()
        .find(|key| !HEADER_FIELDS.contains(&key.as_str()) && !TABLES.iter().any(|t| t.name == key.as_str()))
    {
        return Err(bad_file(format!("the file has a part {unknown:?} that version {VERSION} exports do not have")));
    }
    if let Some(missing) = TABLES.iter().find(|t| !document.get(t.name).is_some_and(Json::is_array)) {
        return Err(bad_file(format!("the file has no list of {}", missing.name)));
    }
    Ok(())
}

/// New ids for every id of the document: UUIDv7 in the same order as the old ones, so ordering
/// by id is still creation order, and random UUIDv4 where the old id was random (survey answers).
pub(super) fn replacement_ids(old: &BTreeSet<Uuid>) -> HashMap<Uuid, Uuid> {
    let ordered: Vec<Uuid> = old.iter().copied().filter(|id| id.get_version_num() != 4).collect();
    let mut fresh: Vec<Uuid> = ordered.iter().map(|_| Uuid::now_v7()).collect();
    fresh.sort();
    let mut new_ids: HashMap<Uuid, Uuid> = ordered.into_iter().zip(fresh).collect();
    new_ids.extend(old.iter().filter(|id| id.get_version_num() == 4).map(|id| (*id, Uuid::new_v4())));
    new_ids
}

impl Store {
    /// Creates a new workspace from an archive, all or nothing, owned by `request.owner`, and
    /// rebuilds its trust state in the same transaction. `progress(done, total)` counts records.
    pub async fn import_workspace(
        &self,
        request: ImportRequest<'_>,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<ImportReport, ArchiveError> {
        let document: Json = serde_json::from_slice(request.document)
            .map_err(|e| bad_file(format!("the file is not valid JSON: {e}")))?;
        let document = document
            .as_object()
            .ok_or_else(|| bad_file("the file is not a Rapport workspace export: it is not a JSON object"))?;
        check_header(document)?;
        if let Some(place) = document.iter().find_map(|(name, item)| control_characters(item, name)) {
            return Err(bad_file(format!(
                "the file's {place} holds a control character; text may hold tab and new line, no other"
            )));
        }
        let owner = users::Entity::find_by_id(request.owner).one(&self.db).await?.ok_or(StoreError::NotFound)?;
        let accounts = self.accounts_named_in(document).await?;
        let mut prepared = self.prepare(document, request.name, &accounts).await?;

        self.make_owner(&mut prepared, owner.id);
        pause_webhooks(&mut prepared, request.new_webhook_secret);

        let total: u64 = prepared.rows.iter().map(|rows| rows.len() as u64).sum();
        let txn = self.begin_write().await?;
        workspaces::Entity::insert(workspaces::ActiveModel {
            id: sea_orm::Set(prepared.workspace_id),
            name: sea_orm::Set(prepared.workspace_name.clone()),
            created_at: sea_orm::Set(prepared.workspace_created_at),
            time_zone: sea_orm::Set(prepared.workspace_time_zone.clone()),
            default_language: sea_orm::Set(prepared.workspace_default_language.clone()),
            directory_version: sea_orm::Set(0),
        })
        .exec(&txn)
        .await?;
        let mut done = 0;
        progress(done, total);
        for (table, rows) in TABLES.iter().zip(std::mem::take(&mut prepared.rows)) {
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<Vec<Value>> = rows.by_ref().take(PAGE).collect();
                done += chunk.len() as u64;
                table.rows.insert(&txn, chunk).await.map_err(|e| clash(table.name, e))?;
                progress(done, total);
            }
        }
        self.rebuild_trust(&txn, prepared.workspace_id, &|_, _| {}).await?;
        self.index_workspace_focus_areas(&txn, prepared.workspace_id).await?;
        txn.commit().await?;
        prepared.report.records = total;
        Ok(prepared.report)
    }

    /// The accounts here of everyone the document names, by lower-case e-mail address.
    async fn accounts_named_in(&self, document: &Map<String, Json>) -> StoreResult<HashMap<String, Uuid>> {
        let mut emails = BTreeSet::new();
        for table in TABLES {
            for row in document.get(table.name).and_then(Json::as_array).into_iter().flatten() {
                for (column, link) in table.links {
                    if matches!(link, Link::Person | Link::People | Link::Member) {
                        let value = &row[*column];
                        let values = value.as_array().cloned().unwrap_or_else(|| vec![value.clone()]);
                        emails.extend(values.iter().filter_map(Json::as_str).map(|e| e.trim().to_lowercase()));
                    }
                }
            }
        }
        let mut accounts = HashMap::new();
        let emails: Vec<String> = emails.into_iter().collect();
        for chunk in emails.chunks(PAGE) {
            let found: Vec<(Uuid, String)> = users::Entity::find()
                .select_only()
                .columns([users::Column::Id, users::Column::Email])
                .filter(users::Column::Email.is_in(chunk.to_vec()))
                .into_tuple()
                .all(&self.db)
                .await?;
            accounts.extend(found.into_iter().map(|(id, email)| (email, id)));
        }
        Ok(accounts)
    }

    /// Checks every row of the document and turns it into values for the new workspace.
    async fn prepare(
        &self,
        document: &Map<String, Json>,
        name: Option<String>,
        accounts: &HashMap<String, Uuid>,
    ) -> Result<Prepared, ArchiveError> {
        let workspace = document
            .get("workspace")
            .and_then(Json::as_object)
            .ok_or_else(|| bad_file("the file has no \"workspace\""))?;
        let archived_id = workspace
            .get("id")
            .and_then(Json::as_str)
            .and_then(|v| Uuid::parse_str(v).ok())
            .ok_or_else(|| bad_file("the file's workspace.id must be an id (a UUID)"))?;
        let created_at = workspace
            .get("created_at")
            .and_then(Json::as_str)
            .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
            .ok_or_else(|| bad_file("the file's workspace.created_at must be a moment such as 2026-01-31T09:30:00Z"))?;
        let name = name
            .or_else(|| workspace.get("name").and_then(Json::as_str).map(str::to_owned))
            .unwrap_or_default()
            .trim()
            .to_owned();
        if name.is_empty() {
            return Err(bad_file("the workspace needs a name: the file has none, so give one"));
        }
        let workspace_time_zone = match workspace.get("time_zone").and_then(Json::as_str) {
            None => rapport_core::zone::TimeZone::UTC,
            Some(name) => rapport_core::zone::TimeZone::parse(name, "time_zone")
                .map_err(|_| bad_file(format!("the file's workspace.time_zone {name:?} is not a time zone name")))?,
        }
        .name()
        .to_owned();
        let workspace_default_language = match workspace.get("default_language").and_then(Json::as_str) {
            None => rapport_core::lang::ENGLISH.to_owned(),
            Some(code)
                if (2..=16).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase() || c == '-') =>
            {
                code.to_owned()
            }
            Some(code) => {
                return Err(bad_file(format!("the file's workspace.default_language {code:?} is not a language code")));
            }
        };
        let survey_answers = match document.get("anonymous_answers").and_then(Json::as_str) {
            Some("withheld") => SurveyAnswers::Withheld,
            _ => SurveyAnswers::Included,
        };

        // Every record's id, table by table, before any reference is followed.
        let mut ids: HashMap<&'static str, HashSet<Uuid>> = HashMap::new();
        for table in TABLES {
            let seen = ids.entry(table.name).or_default();
            for (index, row) in document[table.name].as_array().into_iter().flatten().enumerate() {
                let place = at(table.name, index, "id");
                let id = row
                    .get("id")
                    .and_then(Json::as_str)
                    .and_then(|v| Uuid::parse_str(v).ok())
                    .ok_or_else(|| bad_file(format!("the file's {place} must be an id (a UUID)")))?;
                if !seen.insert(id) {
                    return Err(bad_file(format!("the file holds two {} with the id {id}", table.name)));
                }
            }
        }
        // Every row of a workspace goes when the workspace goes (ON DELETE CASCADE), so ids can
        // clash only while the archived workspace is still here.
        let ids_replaced = workspaces::Entity::find_by_id(archived_id).count(&self.db).await? > 0;
        let new_ids = ids_replaced.then(|| {
            let mut all: BTreeSet<Uuid> = ids.values().flatten().copied().collect();
            all.insert(archived_id);
            replacement_ids(&all)
        });
        let mut reader = Reader { ids, new_ids, accounts, without_account: BTreeSet::new(), skipped: 0 };
        let workspace_id = reader.new_id(archived_id);
        let mut rows = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let columns = table.rows.columns();
            let mut values = Vec::new();
            for (index, row) in document[table.name].as_array().into_iter().flatten().enumerate() {
                values.extend(reader.row(table, &columns, index, row, workspace_id)?);
            }
            rows.push(values);
        }
        Ok(Prepared {
            workspace_id,
            workspace_name: name.clone(),
            workspace_created_at: created_at.with_timezone(&Utc),
            workspace_time_zone,
            workspace_default_language,
            rows,
            report: ImportReport {
                workspace_id,
                workspace_name: name,
                records: 0,
                ids_replaced,
                people_without_account: reader.without_account.into_iter().collect(),
                memberships_skipped: reader.skipped,
                webhooks: Vec::new(),
                survey_answers,
            },
        })
    }

    /// Makes the importer an owner of the new workspace: their membership in the file, or a
    /// new one.
    fn make_owner(&self, prepared: &mut Prepared, owner: Uuid) {
        let columns = TABLES[0].rows.columns();
        let (user, role) = (position(&columns, "user_id"), position(&columns, "role"));
        let owner_role = Value::String(Some(Role::Owner.as_str().to_owned()));
        let memberships = &mut prepared.rows[0];
        if let Some(row) = memberships.iter_mut().find(|row| row[user] == Value::Uuid(Some(owner))) {
            row[role] = owner_role;
            return;
        }
        let mut row: Vec<Value> = columns.iter().map(|c| null_of(&c.kind).unwrap_or(Value::Uuid(None))).collect();
        row[position(&columns, "id")] = Value::Uuid(Some(Uuid::now_v7()));
        row[position(&columns, "workspace_id")] = Value::Uuid(Some(prepared.workspace_id));
        row[user] = Value::Uuid(Some(owner));
        row[role] = owner_role;
        row[position(&columns, "created_at")] = Value::ChronoDateTimeUtc(Some(self.now()));
        memberships.push(row);
    }
}

/// Gives every webhook a new signing secret (the file holds none) and pauses it, so that a copy
/// of a workspace never posts into a live channel until someone turns it on.
fn pause_webhooks(prepared: &mut Prepared, new_secret: &(dyn Fn() -> String + Sync)) {
    let Some(index) = TABLES.iter().position(|t| t.name == "webhooks") else { return };
    let columns = TABLES[index].rows.columns();
    let (url, secret, active) = (position(&columns, "url"), position(&columns, "secret"), position(&columns, "active"));
    for row in &mut prepared.rows[index] {
        let fresh = new_secret();
        row[secret] = Value::String(Some(fresh.clone()));
        row[active] = Value::Bool(Some(false));
        let url = if let Value::String(Some(url)) = &row[url] { url.clone() } else { String::new() };
        prepared.report.webhooks.push(ImportedWebhook { url, secret: fresh });
    }
}

/// A write refused by the database, named: only a file whose ids clash with records already
/// here, or a hand-edited one, gets this far.
fn clash(table: &str, err: StoreError) -> ArchiveError {
    match &err {
        StoreError::Database(db) => match db.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => {
                bad_file(format!("the file's {table} clash with records already in this database ({detail})"))
            }
            Some(SqlErr::ForeignKeyConstraintViolation(detail)) => {
                bad_file(format!("the file's {table} refer to records that are not in it ({detail})"))
            }
            _ => ArchiveError::Store(err),
        },
        _ => ArchiveError::Store(err),
    }
}
