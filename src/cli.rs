//! The command line (SPEC 6.1).

use std::net::SocketAddr;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use rapport_core::ValidationErrors;
use rapport_http::AppState;
use rapport_store::Store;

#[derive(Debug, Parser)]
#[command(name = "rapport", version, about = "Build and measure trust in school, family and community partnerships")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, clap::Args)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://path/to/file.db or postgres://user@host/database
    #[arg(long = "database", env = "RAPPORT_DATABASE_URL", default_value = "sqlite://rapport.db")]
    pub url: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web UI and the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "RAPPORT_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        #[command(flatten)]
        database: DatabaseArgs,
        /// The address people use to reach Rapport, for links in invitations; https:// makes cookies Secure.
        #[arg(long, env = "RAPPORT_BASE_URL")]
        base_url: Option<String>,
    },
    /// Bring the database schema up to date.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Rebuild every reliability score, health index and warning from the records.
    Recompute {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Fill a database with a large synthetic network, the same for the same seed.
    Generate {
        #[command(flatten)]
        database: DatabaseArgs,
        /// small: 100 organisations; medium: 1,000; large: SPEC 9's 5,000 organisations and
        /// 1,000,000 commitments.
        #[arg(long, value_enum, default_value = "small")]
        size: crate::generate::Size,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Write one workspace's records as a JSON document that `rapport import` reads.
    Export(crate::archive::ExportArgs),
    /// Create a new workspace from a document `rapport export` wrote, all or nothing.
    Import(crate::archive::ImportArgs),
    /// Copy a SQLite database to a file while the server keeps running.
    Backup(crate::archive::BackupArgs),
    /// Start a server on a fresh database filled with a demo network.
    Demo {
        #[arg(long, env = "RAPPORT_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Where to keep the demo database; a temporary file when absent.
        #[arg(long = "database")]
        database: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The password; read from RAPPORT_PASSWORD when absent.
        #[arg(long, env = "RAPPORT_PASSWORD", hide_env_values = true)]
        password: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { bind, database, base_url } => {
            let store = Store::open(&database.url).await?;
            create_first_admin(&store).await?;
            serve(store, bind, base_url).await
        }
        Command::Migrate { database } => {
            Store::open(&database.url).await?;
            println!("The database at {} is up to date.", database.url);
            Ok(())
        }
        Command::User { command: UserCommand::Create { email, name, password, admin, database } } => {
            let store = Store::open(&database.url).await?;
            let user = create_user(&store, &email, &name, &password, admin).await?;
            println!("Created {} <{}>{}.", user.name, user.email, if admin { " as an administrator" } else { "" });
            Ok(())
        }
        Command::Recompute { database } => recompute(&Store::open(&database.url).await?).await,
        Command::Generate { database, size, seed } => {
            crate::generate::run(&Store::open(&database.url).await?, size, seed).await
        }
        Command::Demo { bind, database } => crate::demo::run(bind, database).await,
        Command::Export(args) => crate::archive::export(args).await,
        Command::Import(args) => crate::archive::import(args).await,
        Command::Backup(args) => crate::archive::backup(args).await,
    }
}

pub async fn serve(store: Store, bind: SocketAddr, base_url: Option<String>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("could not listen on {bind}"))?;
    let address = listener.local_addr()?;
    let base_url = base_url.unwrap_or_else(|| format!("http://{address}")).trim_end_matches('/').to_owned();
    let secure_cookies = base_url.starts_with("https://");
    tracing::info!(%address, "rapport is listening");
    println!("Rapport is listening on {base_url}");
    crate::jobs::spawn_runner(store.clone(), crate::jobs::RunnerConfig::from_env(base_url.clone())?);
    rapport_http::serve(listener, AppState { app: rapport_app::App::new(store), secure_cookies, base_url }).await?;
    Ok(())
}

/// Creates an account after the same checks the web sign-up makes.
pub async fn create_user(
    store: &Store,
    email: &str,
    name: &str,
    password: &str,
    admin: bool,
) -> anyhow::Result<rapport_core::records::User> {
    let mut errors = ValidationErrors::new();
    let email = errors.email("email", email);
    let name = errors.required_text("name", name, 200);
    rapport_app::credentials::check_new_password(&mut errors, "password", password);
    if !errors.is_empty() {
        bail!("{errors}");
    }
    let hash =
        rapport_app::credentials::hash_password(password.to_owned()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(store.create_user(&email, &name, &hash, admin).await?)
}

/// On an empty database, `RAPPORT_ADMIN_EMAIL` and `RAPPORT_ADMIN_PASSWORD` create the first
/// administrator, so a fresh install can be signed into.
async fn create_first_admin(store: &Store) -> anyhow::Result<()> {
    let email = std::env::var("RAPPORT_ADMIN_EMAIL").ok().filter(|v| !v.is_empty());
    let password = std::env::var("RAPPORT_ADMIN_PASSWORD").ok().filter(|v| !v.is_empty());
    if store.user_count().await? > 0 {
        return Ok(());
    }
    match (email, password) {
        (Some(email), Some(password)) => {
            let user = create_user(store, &email, "Administrator", &password, true)
                .await
                .context("RAPPORT_ADMIN_EMAIL / RAPPORT_ADMIN_PASSWORD")?;
            println!("Created the first administrator, {}.", user.email);
        }
        (Some(_), None) | (None, Some(_)) => {
            bail!("set both RAPPORT_ADMIN_EMAIL and RAPPORT_ADMIN_PASSWORD to create the first administrator")
        }
        (None, None) => println!(
            "The database has no accounts yet: create one with `rapport user create` or set RAPPORT_ADMIN_EMAIL and RAPPORT_ADMIN_PASSWORD."
        ),
    }
    Ok(())
}

/// Rebuilds the trust engine's state of every workspace from the records.
async fn recompute(store: &Store) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    store.refresh_statistics().await?;
    let workspaces = store.workspace_ids().await?;
    let mut total = rapport_store::RecomputeSummary::default();
    for (n, workspace) in workspaces.iter().enumerate() {
        let progress = crate::progress::Progress::new(format!(
            "workspace {}/{}: partnerships and their commitments",
            n + 1,
            workspaces.len()
        ));
        let summary = store.recompute_trust(*workspace, &|done, all| progress.update(done, all)).await?;
        progress.finish();
        total.commitments += summary.commitments;
        total.ledger_entries += summary.ledger_entries;
        total.partnerships += summary.partnerships;
    }
    println!(
        "Recomputed {} commitments, {} reliability entries and {} partnerships' health in {:.1} s.",
        total.commitments,
        total.ledger_entries,
        total.partnerships,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
