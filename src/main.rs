//! `rapport`: one binary for the server and its administration.

#![forbid(unsafe_code)]

mod archive;
mod cli;
mod demo;
mod dice;
mod generate;
mod jobs;
mod mail;
mod progress;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // reqwest is built without a TLS provider of its own (see Cargo.toml); installing fails
    // only if one is installed already, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RAPPORT_LOG")
                .unwrap_or_else(|_| "rapport=info,tower_http=warn,warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("rapport: could not start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One sentence, no backtrace: the error chain joined.
            let message: Vec<String> = err.chain().map(std::string::ToString::to_string).collect();
            eprintln!("rapport: {}", message.join(": "));
            ExitCode::FAILURE
        }
    }
}
