//go:build ignore

// gen_timezones writes timezones.go from the IANA zone1970.tab, which
// Debian's tzdata package installs: go generate ./models (or pass the
// table's path as the first argument).
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
	"slices"
	"strings"
)

func main() {
	src := "/usr/share/zoneinfo/zone1970.tab"
	if len(os.Args) > 1 {
		src = os.Args[1]
	}
	f, err := os.Open(src)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var zones []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// Columns: country codes, coordinates, zone name, comments.
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			log.Fatalf("%s: malformed line %q", src, line)
		}
		zones = append(zones, cols[2])
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	slices.Sort(zones)
	zones = slices.Compact(zones)

	var b bytes.Buffer
	b.WriteString("// Code generated from the IANA zone1970.tab by gen_timezones.go; DO NOT EDIT.\n\npackage models\n\n")
	b.WriteString("// Timezones lists the canonical IANA time zone names, sorted, for pickers.\n// \"UTC\" comes first.\nvar Timezones = []string{\n\t\"UTC\",\n")
	for _, z := range zones {
		fmt.Fprintf(&b, "\t%q,\n", z)
	}
	b.WriteString("}\n")
	out, err := format.Source(b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("timezones.go", out, 0o644); err != nil {
		log.Fatal(err)
	}
}
