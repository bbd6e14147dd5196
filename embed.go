package main

import "embed"

// assetFiles holds the CSS, JavaScript and images served under /assets/.
//
//go:embed assets
var assetFiles embed.FS

// migrationFiles holds the SQL migrations applied at start-up: one set per
// database engine, in models/migrations/sqlite and models/migrations/postgres.
//
//go:embed models/migrations
var migrationFiles embed.FS
