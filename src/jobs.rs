//! Background work inside `rapport serve`. For now one job: once every quarter of an hour, bring
//! each workspace's trust state up to the day (commitments that became missed overnight,
//! cadence and goal warnings that time alone raises), so the first person to open a page in
//! the morning does not wait for it. The sweep runs at most once a day per workspace and is
//! safe to run from several processes at once: it only applies what is not yet counted.

use std::time::Duration;

use rapport_store::Store;

const EVERY: Duration = Duration::from_secs(15 * 60);

pub fn spawn_trust_sweeper(store: Store) {
    tokio::spawn(async move {
        loop {
            match store.workspace_ids().await {
                Ok(workspaces) => {
                    for workspace in workspaces {
                        if let Err(err) = store.sweep_missed(workspace).await {
                            tracing::warn!(%workspace, error = %err, "the daily trust sweep failed; it is retried at the next round");
                        }
                    }
                }
                Err(err) => tracing::warn!(error = %err, "could not list workspaces for the trust sweep"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
