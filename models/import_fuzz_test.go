package models_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"docket/models"
)

// fuzzImport holds the import invariants for any file in format: it never
// panics, a refusal stores nothing (no task, list or label), and an
// accepted file is stored as parsed, in its order, and comes back the same
// through an export and a second import, into another account, which then
// exports exactly alike.
func fuzzImport(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	db := newTestDB(f)
	alice, bob := createUser(f, db, "alice"), createUser(f, db, "bob")
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	lim := models.ImportLimits{MaxRows: 1000, MaxTasksPerUser: 1000}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := t.Context()
		for _, q := range []string{"DELETE FROM tasks", "DELETE FROM labels", "DELETE FROM lists WHERE inbox = ?"} {
			if _, err := db.Write.ExecContext(ctx, q, false); err != nil {
				t.Fatal(err)
			}
		}
		empty := structureOf(t, db, alice.ID)
		parsed, perr := models.ParseImport(bytes.NewReader(data), format, alice.ID, now)
		n, err := models.Import(ctx, db, bytes.NewReader(data), format, alice.ID, now, lim)
		stored, lerr := models.AllTasks(ctx, db.Read, alice.ID)
		if lerr != nil {
			t.Fatal(lerr)
		}
		if err != nil {
			if _, ok := errors.AsType[*models.ImportError](err); !ok {
				t.Fatalf("Import failed with %v, want an *ImportError", err)
			}
			if len(stored) != 0 {
				t.Fatalf("a refused import stored %d tasks", len(stored))
			}
			if after := structureOf(t, db, alice.ID); after != empty {
				t.Fatalf("a refused import changed the lists or labels:\n%s", after)
			}
			if perr == nil && len(parsed) <= lim.MaxRows {
				t.Fatalf("ParseImport accepted what Import refused: %v", err)
			}
			return
		}
		if perr != nil || n != len(parsed) || len(stored) != n {
			t.Fatalf("Import = %d, ParseImport = %d, %v; stored %d", n, len(parsed), perr, len(stored))
		}
		ignore := cmpopts.IgnoreFields(models.Task{}, "ID", "UserID", "ReopenStatus", "ListID", "ParentID", "Position")
		same := cmp.AllowUnexported(models.Date{})
		if diff := cmp.Diff(parsed, stored, ignore, same, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Fatalf("stored differs from parsed (-parsed +stored):\n%s", diff)
		}
		var out bytes.Buffer
		if err := models.ExportTasks(ctx, db.Read, &out, alice.ID, "alice", format, now); err != nil {
			t.Fatal(err)
		}
		again, err := models.ParseImport(bytes.NewReader(out.Bytes()), format, alice.ID, now)
		if err != nil {
			t.Fatalf("the export of an accepted import is refused: %v\n%q", err, out.String())
		}
		if diff := cmp.Diff(inExportOrder(stored), again, ignore, same, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Fatalf("round trip (-stored +again):\n%s\n%q", diff, out.String())
		}
		if _, err := models.Import(ctx, db, bytes.NewReader(out.Bytes()), format, bob.ID, now, lim); err != nil {
			t.Fatalf("the export of an accepted import does not import: %v\n%q", err, out.String())
		}
		if a, b := exportOf(t, db, alice, format), exportOf(t, db, bob, format); a != b {
			t.Fatalf("imported again, the export exports otherwise:\n%s", cmp.Diff(a, b))
		}
	})
}

func FuzzImportJSON(f *testing.F) {
	fuzzImport(f, models.FormatJSON,
		`{"docket_export":2,"lists":[{"name":"Work","colour":"blue","archived":false},{"name":"Inbox","colour":"red"}],`+
			`"labels":[{"name":"phone","colour":"red"},{"name":"unused"}],"tasks":[`+
			`{"title":"a","list":"work","labels":["Phone","@x"],"subtasks":[{"title":"b","labels":["phone"]},{"title":"c","status":"done","completed_at":"2026-01-01T00:00:00Z"}]},`+
			`{"title":"d","list":"Home ","subtasks":[]},{"title":"e"}]}`,
		`{"tasks":[{"title":"a","subtasks":[{"title":"b","subtasks":[{"title":"c"}]}]}],"docket_export":2}`,
		`{"docket_export":2,"tasks":[{"title":"a","list":"x"}],"lists":[{"name":"X","colour":"mauve"},{"name":"Inbox","archived":true}]}`,
		`{"docket_export":1,"tasks":[{"title":"a"}]}`,
		`{"docket_export":1,"username":"x","exported_at":"2026-01-01T00:00:00Z","tasks":[{"title":"a","description":"b\nc","due":"2026-02-28","priority":"high","status":"done","completed_at":"2026-01-01T00:00:00.5Z","created_at":"2025-01-01T00:00:00+05:00","updated_at":"2025-01-02 10:00:00"}]}`,
		`{"docket_export":1,"tasks":[{"title":"x","created_at":"9999-12-31T23:59:59-23:59"}]}`,
		"\uFEFF{\"docket_export\":1,\"tasks\":[{\"title\":\"a\\u0000\"}]}",
		`{"docket_export":1,"tasks":[]} {}`,
		`{"tasks":[{"title":"a"}],"docket_export":1}`,
	)
}

func FuzzImportCSV(f *testing.F) {
	fuzzImport(f, models.FormatCSV,
		"title,list,labels,parent\na,Work,\"phone, @@home\",\nb,,phone,2\nc,Home,,\nd,work,,2\ne,,,4\n",
		"parent,title\n,a\n2,b\n3,c\n",
		"title,list\na,inbox\nb,INBOX\n",
		"title\na\n",
		"\uFEFFtitle,description,due,priority,status,completed_at,created_at,updated_at\r\n'=1,\"x\r\ny\",2026-01-01,low,done,2026-01-01T00:00:00Z,,\r\n",
		"title,due\nx,0000-01-01\n",
		"title\n\"a\nb\",extra\n",
		"title,description\n''+x,\t\n",
	)
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-02", "0000-01-01", "0001-01-01", "1900-01-01", "9999-12-31", "2026-02-30", "+2026-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := models.ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if y := d.Time().Year(); y < 1900 || y > 9999 || d.IsZero() {
			t.Fatalf("ParseDate(%q) accepted year %d", s, y)
		}
		if !strings.HasPrefix(d.Time().Format(time.RFC3339), s) {
			t.Fatalf("ParseDate(%q) is %v", s, d.Time())
		}
	})
}
