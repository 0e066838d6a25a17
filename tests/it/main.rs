//! Rapport's integration tests: the real server on a random port, each test with a database of
//! its own, every storage-touching test run on SQLite and on PostgreSQL.

mod support;
mod trust;

mod accounts;
mod agreements;
mod api;
mod archive;
mod browser;
mod browser_history;
mod browser_home;
mod browser_settings;
mod browser_trust;
mod browser_words;
mod cli;
mod conformance;
mod corrections;
mod feeds;
mod generate;
mod imports;
mod jobs;
mod languages;
mod limits;
mod network;
mod practices;
mod reminders;
mod reports;
mod roles;
mod search;
mod store;
mod surveys;
mod trust_property;
mod ui;
mod webdriver;
