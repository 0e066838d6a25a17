//! `rapport export`, `rapport import` and `rapport backup`: a workspace out of and into a
//! database as one JSON document (`rapport_store::archive`), and a consistent copy of a whole
//! SQLite database taken while the server runs.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use rapport_store::archive::{ArchiveError, ImportRequest, SurveyAnswers};
use rapport_store::{Store, StoreError};

use crate::cli::DatabaseArgs;
use crate::progress::Progress;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The workspace: its id, or its name.
    #[arg(long)]
    workspace: String,
    /// Where to write the document; `-` for standard output.
    #[arg(long, default_value = "-")]
    output: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The document `rapport export` wrote; `-` for standard input.
    #[arg(long)]
    file: String,
    /// The new workspace's name; the exported workspace's name when absent.
    #[arg(long)]
    name: Option<String>,
    /// The e-mail address of the account that owns the new workspace.
    #[arg(long)]
    owner: String,
    #[command(flatten)]
    database: DatabaseArgs,
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The file to write the copy to; it must not exist yet.
    #[arg(long)]
    output: PathBuf,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Writes one workspace's records, with its anonymous survey answers: whoever runs this can read
/// the database itself, and the file is as sensitive as a backup.
pub async fn export(args: ExportArgs) -> anyhow::Result<()> {
    let store = Store::open(&args.database.url).await?;
    let (workspace_id, name) = store.find_workspace(&args.workspace).await.map_err(|e| match e {
        StoreError::NotFound => {
            anyhow!("no workspace in {} has the id or name {:?}", args.database.url, args.workspace)
        }
        other => other.into(),
    })?;
    let progress = Progress::new(format!("exporting {name}"));
    let report = |done, total| progress.update(done, total);
    let summary = if args.output == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout());
        store.export_workspace(workspace_id, SurveyAnswers::Withheld, &mut out, &report).await.map_err(export_error)?
    } else {
        // Written beside the target and renamed once complete, so a failed export leaves no
        // half-written file behind (and an older export in its place untouched).
        let partial = format!("{}.partial", args.output);
        let file = std::fs::File::create(&partial).with_context(|| format!("could not create {partial}"))?;
        let mut out = std::io::BufWriter::new(file);
        let written = store.export_workspace(workspace_id, SurveyAnswers::Withheld, &mut out, &report).await;
        let finished = written.map_err(export_error).and_then(|summary| {
            out.into_inner()
                .map_err(|e| anyhow!("could not write {partial}: {}", e.error()))?
                .sync_all()
                .with_context(|| format!("could not write {partial}"))?;
            std::fs::rename(&partial, &args.output)
                .with_context(|| format!("could not move {partial} to {}", args.output))?;
            Ok(summary)
        });
        if finished.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        finished?
    };
    progress.finish();
    let target = if args.output == "-" { "standard output".to_owned() } else { args.output.clone() };
    eprintln!("Exported the workspace {:?} ({} records) to {target}.", summary.workspace_name, summary.records);
    Ok(())
}

fn export_error(err: ArchiveError) -> anyhow::Error {
    anyhow!("{err}")
}

/// Creates a new workspace from an export, all or nothing.
pub async fn import(args: ImportArgs) -> anyhow::Result<()> {
    let document = if args.file == "-" {
        let mut document = Vec::new();
        std::io::stdin().read_to_end(&mut document).context("could not read standard input")?;
        document
    } else {
        std::fs::read(&args.file).with_context(|| format!("could not read {}", args.file))?
    };
    let store = Store::open(&args.database.url).await?;
    let email = args.owner.trim().to_lowercase();
    let Some((owner, _)) = store.user_by_email(&email).await? else {
        bail!("no account has the e-mail address {email}: create it first with `rapport user create`");
    };
    let progress = Progress::new("importing records");
    let request = ImportRequest {
        document: &document,
        name: args.name,
        owner: owner.id,
        new_webhook_secret: &rapport_app::credentials::new_webhook_secret,
    };
    let report =
        store.import_workspace(request, &|done, total| progress.update(done, total)).await.map_err(|e| match e {
            ArchiveError::BadFile(why) => anyhow!("nothing was imported: {why}"),
            other => anyhow!("nothing was imported: {other}"),
        })?;
    progress.finish();

    println!(
        "Imported {:?} as workspace {} with {} records, owned by {email}.",
        report.workspace_name, report.workspace_id, report.records
    );
    if report.ids_replaced {
        println!("This database already held the exported workspace, so every record has a new id.");
    }
    if !report.people_without_account.is_empty() {
        println!(
            "{} people named in the file have no account here, so {} memberships were skipped and what they recorded now names nobody: {}.",
            report.people_without_account.len(),
            report.memberships_skipped,
            report.people_without_account.join(", ")
        );
    }
    for hook in &report.webhooks {
        println!(
            "The webhook to {} arrived paused, with a new signing secret (shown only now): {}",
            hook.url, hook.secret
        );
    }
    if report.survey_answers == SurveyAnswers::Withheld {
        println!("The file holds no survey answers (the API's export withholds them), so its surveys have no results.");
    }
    Ok(())
}

/// Copies a SQLite database with `VACUUM INTO`: one consistent snapshot, taken while the server
/// keeps running. PostgreSQL has its own tools for this.
pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let url = &args.database.url;
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        bail!(
            "`rapport backup` copies SQLite databases; back up PostgreSQL with `pg_dump -Fc` and restore it with `pg_restore` (see README.md)"
        );
    }
    if let Some(path) = sqlite_path(url)
        && !path.exists()
    {
        bail!("there is no SQLite database at {}", path.display());
    }
    if args.output.exists() {
        bail!("{} already exists: give the backup a new file name", args.output.display());
    }
    // `connect`, not `open`: a backup copies the database as it is, without migrating it.
    let store = Store::connect(url).await?;
    let started = std::time::Instant::now();
    store
        .backup_sqlite(&args.output)
        .await
        .with_context(|| format!("could not back up {url} to {}", args.output.display()))?;
    let size = std::fs::metadata(&args.output).map(|m| m.len()).unwrap_or_default();
    println!(
        "Backed up {url} to {} ({:.1} MB) in {:.1} s.",
        args.output.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    let _ = std::io::stdout().flush();
    Ok(())
}

/// The file a `sqlite://` URL names.
fn sqlite_path(url: &str) -> Option<&Path> {
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = path.split('?').next().unwrap_or(path);
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| Path::new(path))
}
