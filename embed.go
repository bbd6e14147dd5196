package main

import "embed"

// assetFiles holds the CSS, JavaScript and images served under /assets/.
//
//go:embed assets
var assetFiles embed.FS

// migrationFiles holds the SQL migrations applied at start-up.
//
//go:embed models/migrations/*.sql
var migrationFiles embed.FS
