//! The integration tests, one binary: each module is an area of styrdok, built and
//! checked through the real `styrdok` binary in temp dirs (`support::SiteTest`).
//! `cargo test --test it search::` runs one area.

mod support;

mod brand;
mod build;
mod compare;
mod crossyear;
mod fidelity;
mod import;
mod links;
mod properties;
mod publish;
mod redline;
mod reliability;
mod search;
mod serve;
