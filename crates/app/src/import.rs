//! CSV import of organisations, contacts, partnerships and commitments (SPEC 2: "CSV and JSON
//! import/export"), all or nothing.
//!
//! Every row is validated first, with the drafts' own `validate`; if any is wrong, every bad cell
//! is named as `line N, column "name"` (the header is line 1, as a spreadsheet counts) and
//! nothing is written. Otherwise every row is written in one transaction. The API and the web
//! UI's import page both run [`run`].

use rapport_core::FieldError;
use rapport_core::access::Action;
use rapport_core::import::{self as rows, CellError, ContactRef, Directory, ImportKind, PartnershipRef, Table};
use rapport_core::validate::limits;
use rapport_store::{Page, PageRequest};

use crate::{AppError, AppResult, Session};

/// At most this many problems are listed; the rest are counted.
pub const MAX_LISTED: usize = 200;

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Refused before reading the file: no right, no such workspace, a database failure.
    App(AppError),
    /// The file has problems, each with its line and column.
    Rejected(Vec<CellError>),
}

impl From<AppError> for ImportFailure {
    fn from(err: AppError) -> Self {
        ImportFailure::App(err)
    }
}

impl From<rapport_store::StoreError> for ImportFailure {
    fn from(err: rapport_store::StoreError) -> Self {
        ImportFailure::App(err.into())
    }
}

/// The listed problems, the first [`MAX_LISTED`] of them.
pub fn listed(errors: &[CellError]) -> Vec<FieldError> {
    errors.iter().take(MAX_LISTED).map(CellError::to_field_error).collect()
}

/// One sentence about a rejected file: how many problems on how many lines, and how many are
/// not listed.
pub fn summary(errors: &[CellError]) -> String {
    let mut lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    lines.dedup();
    lines.sort_unstable();
    lines.dedup();
    let problems = if errors.len() == 1 { "1 problem".to_owned() } else { format!("{} problems", errors.len()) };
    let on = if lines.len() == 1 { format!("line {}", lines[0]) } else { format!("{} lines", lines.len()) };
    let mut text =
        format!("nothing was imported: the file has {problems} on {on}; fix them and send the whole file again");
    if errors.len() > MAX_LISTED {
        text.push_str(&format!(" (the first {MAX_LISTED} are listed, {} more are not)", errors.len() - MAX_LISTED));
    }
    text
}

/// Splits a CSV file into cells. Line numbers count as a spreadsheet does: a line break inside a
/// quoted cell does not start a new line, a blank line does.
pub fn parse_csv(body: &[u8]) -> Result<Table, Vec<CellError>> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if let Err(err) = std::str::from_utf8(body) {
        let line = 1 + body[..err.valid_up_to()].iter().filter(|b| **b == b'\n').count();
        return Err(vec![CellError::new(
            line,
            None,
            "is not UTF-8 text: save the file as \"CSV UTF-8\" and try again",
        )]);
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut table = Table::default();
    let mut header_seen = false;
    // Line breaks inside quoted cells so far: the reader counts them, a spreadsheet does not.
    let mut inner_breaks = 0usize;
    // Line ends before the current record, counted once.
    let (mut newlines, mut counted) = (0usize, 0usize);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The reader's position is just after the previous record's terminator, before
                // any blank lines: the record starts at the first byte that ends no line.
                let mut start = record.position().map_or(0, |p| p.byte() as usize);
                while body.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    start += 1;
                }
                newlines += body[counted..start.max(counted)].iter().filter(|b| **b == b'\n').count();
                counted = start.max(counted);
                let line = (1 + newlines).saturating_sub(inner_breaks).max(1);
                let cells: Vec<String> = record.iter().map(str::to_owned).collect();
                inner_breaks += cells.iter().map(|c| c.matches('\n').count()).sum::<usize>();
                if header_seen {
                    if table.rows.len() == limits::IMPORT_ROWS {
                        return Err(vec![CellError::new(
                            line,
                            None,
                            format!(
                                "a file holds at most {} rows under its header: split it and import each part",
                                limits::IMPORT_ROWS
                            ),
                        )]);
                    }
                    table.rows.push((line, cells));
                } else {
                    table.header = cells;
                    header_seen = true;
                }
            }
            Err(_) => {
                return Err(vec![CellError::new(
                    (2 + newlines).saturating_sub(inner_breaks),
                    None,
                    "is not valid CSV",
                )]);
            }
        }
    }
    if !header_seen {
        return Err(vec![CellError::new(
            1,
            None,
            "the file is empty: it needs a header row naming its columns, then one row per record",
        )]);
    }
    if table.rows.iter().all(|(_, cells)| cells.iter().all(|c| c.trim().is_empty())) {
        return Err(vec![CellError::new(2, None, "there are no rows under the header: nothing to import")]);
    }
    Ok(table)
}

/// Every page of a list.
async fn all<T, F, Fut>(mut fetch: F) -> AppResult<Vec<T>>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = AppResult<Page<T>>>,
{
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = fetch(PageRequest { after, limit: 200, include_archived: true }).await?;
        out.extend(page.items);
        match page.next_after {
            Some(next) => after = Some(next),
            None => return Ok(out),
        }
    }
}

/// What the workspace holds that a file of `kind` may name.
async fn directory(session: &Session<'_>, kind: ImportKind) -> AppResult<Directory> {
    let mut directory = Directory::default();
    for org in all(|page| session.organizations(page)).await? {
        if org.archived_at.is_some() {
            directory.archived_organizations.push(org.name);
        } else {
            directory.organizations.push((org.id, org.name));
        }
    }
    if matches!(kind, ImportKind::Partnerships | ImportKind::Commitments | ImportKind::Agreements) {
        directory.partnerships = all(|page| session.partnerships(None, page))
            .await?
            .into_iter()
            .map(|p| PartnershipRef {
                id: p.id,
                archived: p.archived_at.is_some(),
                members: p.members.iter().map(|m| (m.organization_id, m.organization_name.clone())).collect(),
                name: p.name,
            })
            .collect();
    }
    if kind == ImportKind::Contacts {
        directory.contacts = session
            .store
            .workspace_contacts(session.viewer.workspace_id)
            .await?
            .into_iter()
            .map(|c| ContactRef { organization_id: c.organization_id, name: c.name, email: c.email })
            .collect();
    }
    if kind == ImportKind::Commitments {
        directory.people =
            session.store.members(session.viewer.workspace_id).await?.into_iter().map(|m| m.user_id).collect();
    }
    Ok(directory)
}

/// Imports a file of `kind` for the person of `session`: only coordinators and owners may. Every
/// row is validated before anything is written; then all are written in one transaction.
pub async fn run(session: &Session<'_>, kind: ImportKind, body: &[u8]) -> Result<usize, ImportFailure> {
    if !(session.viewer.can_write() && session.viewer.may(Action::ManageNetwork)) {
        return Err(AppError::Forbidden("only coordinators and owners can import").into());
    }
    let table = parse_csv(body).map_err(ImportFailure::Rejected)?;
    let directory = directory(session, kind).await?;
    let ws = session.viewer.workspace_id;
    let by = Some(session.viewer.user_id);
    let today = session.today();
    let store = session.store;
    let count = match kind {
        ImportKind::Organizations => {
            store
                .import_organizations(ws, &rows::organizations(&table, &directory).map_err(ImportFailure::Rejected)?)
                .await?
        }
        ImportKind::Contacts => {
            store
                .import_contacts(ws, &rows::contacts(&table, &directory, today).map_err(ImportFailure::Rejected)?)
                .await?
        }
        ImportKind::Partnerships => {
            store
                .import_partnerships(ws, &rows::partnerships(&table, &directory).map_err(ImportFailure::Rejected)?, by)
                .await?
        }
        ImportKind::Commitments => {
            store
                .import_commitments(
                    ws,
                    &rows::commitments(&table, &directory, today).map_err(ImportFailure::Rejected)?,
                    by,
                )
                .await?
        }
        ImportKind::Agreements => {
            store
                .import_agreements(
                    ws,
                    &rows::agreements(&table, &directory, today).map_err(ImportFailure::Rejected)?,
                    by,
                )
                .await?
        }
    };
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_as_a_spreadsheet_does() {
        let body = "\u{feff}name,kind,mission\r\nA,school,\"two\r\nlines\"\r\n\r\nB,library,\r\n";
        let table = parse_csv(body.as_bytes()).unwrap();
        assert_eq!(table.header, ["name", "kind", "mission"], "the byte-order mark is dropped");
        let lines: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 4], "the quoted line break does not count, the blank line does");
        assert_eq!(table.rows[0].1[2], "two\r\nlines");
        let table = parse_csv(b"name\nA\n\n\"B\nb\"\nC\n").unwrap();
        let lines: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 4, 5], "plain line feeds count the same");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(parse_csv(b"").unwrap_err()[0].line, 1);
        assert_eq!(parse_csv(b"name,kind\r\n").unwrap_err()[0].line, 2);
        assert_eq!(parse_csv(b"name,kind\nA,\xff\xfe\n").unwrap_err()[0].line, 2);
    }

    #[test]
    fn the_summary_counts_what_is_not_listed() {
        let errors: Vec<CellError> = (0..205).map(|i| CellError::new(2 + i / 2, Some("name"), "is required")).collect();
        assert_eq!(listed(&errors).len(), MAX_LISTED);
        assert_eq!(listed(&errors)[0].field, "line 2, column \"name\"");
        let text = summary(&errors);
        assert!(text.contains("205 problems on 103 lines") && text.contains("5 more"), "{text}");
    }
}
