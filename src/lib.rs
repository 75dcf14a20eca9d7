//! soudan (相談): a keyboard-first terminal workstation for online-harassment consultation
//! desks. The binary is a thin shell over this library so that tests drive the same code.

pub mod app;
pub mod backup;
pub mod cli;
pub mod config;
pub mod demo;
pub mod diag;
pub mod domain;
pub mod keymap;
pub mod lock;
pub mod national;
pub mod privacy;
pub mod queue;
pub mod referral;
pub mod report;
pub mod session;
pub mod store;
pub mod sync;
pub mod text;
pub mod transfer;
pub mod tui;
pub mod ui;
