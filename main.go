// Command docket is a self-hosted task manager in one binary: an HTTP server
// for the browser, its embedded SQLite database and the commands that look
// after them (package cli).
package main

import (
	"io/fs"
	"os"
	_ "time/tzdata" // time zones work on machines without a zoneinfo database

	"docket/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(cli.Main(version, cli.Files{Assets: sub(assetFiles, "assets"), Migrations: sub(migrationFiles, "models/migrations")}))
}

// sub is the embedded folder dir; the embed patterns guarantee it exists.
func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return s
}
