//! Realistic synthetic data for a newcomer to look around and for benchmarks. (In progress.)
