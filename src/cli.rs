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
    /// Set a new password for an account and sign out every session of it. The password is read
    /// from standard input (its first line), or made up and printed with --generate.
    ResetPassword {
        /// The account's e-mail address.
        #[arg(long)]
        email: String,
        /// Make up a new password and print it, instead of reading one.
        #[arg(long)]
        generate: bool,
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
        Command::User { command: UserCommand::ResetPassword { email, generate, database } } => {
            let password = if generate {
                // 120 random bits, in letters and digits that read aloud without confusion.
                rapport_app::credentials::new_secret().chars().filter(char::is_ascii_alphanumeric).take(20).collect()
            } else {
                read_password()?
            };
            let app = rapport_app::App::new(Store::open(&database.url).await?);
            let user = match app.set_password_by_operator(&email, &password).await {
                Ok(user) => user,
                Err(rapport_app::AppError::NotFound) => bail!("no account has the e-mail address {}", email.trim()),
                Err(rapport_app::AppError::Invalid(errors)) => bail!("the new password {}", errors.0[0].message),
                Err(other) => bail!("{other}"),
            };
            if generate {
                println!("New password for {}: {password}", user.email);
            }
            println!("The password of {} <{}> is changed, and every session of it signed out.", user.name, user.email);
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
    let jobs = crate::jobs::RunnerConfig::from_env(base_url.clone())?;
    let app = rapport_app::App::new(store.clone())
        .with_mail(jobs.mailer.is_some())
        .with_private_webhooks(jobs.allow_private_webhooks);
    if jobs.mailer.is_none() {
        tracing::info!(
            "e-mail is not configured (RAPPORT_SMTP_URL): invitation links are shown to copy, and no password-reset links can be sent"
        );
    }
    let trusted_proxy = match std::env::var("RAPPORT_TRUSTED_PROXY").as_deref() {
        Err(_) | Ok("" | "false" | "0" | "no") => false,
        Ok("true" | "1" | "yes") => true,
        Ok(other) => bail!("RAPPORT_TRUSTED_PROXY must be true or false, not {other:?}"),
    };
    crate::jobs::spawn_runner(store, jobs);
    rapport_http::serve(listener, AppState { app, secure_cookies, base_url, trusted_proxy }).await?;
    Ok(())
}

/// The first line of standard input, without its line break.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("could not read the new password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no new password on standard input: pipe one in, or use --generate to make one up");
    }
    Ok(password)
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
