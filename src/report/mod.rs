//! Statistics in the desks' own table format. (In progress.)
